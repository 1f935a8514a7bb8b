package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One data item of a FETCH command (RFC 9051 section 6.4.5). */
sealed interface FetchItem {

    record Flags() implements FetchItem {
    }

    record Uid() implements FetchItem {
    }

    record InternalDate() implements FetchItem {
    }

    record Size() implements FetchItem {
    }

    record Envelope() implements FetchItem {
    }

    /** The message's modseq (RFC 7162 section 3.1.4.1). */
    record Modseq() implements FetchItem {
    }

    /** BODY ({@code extended} false) or BODYSTRUCTURE. */
    record Structure(boolean extended) implements FetchItem {
    }

    /** What of a section is sent: {@code BINARY} is a part's content with its transfer encoding undone (RFC 3516). */
    enum Part { ALL, HEADER, TEXT, HEADER_FIELDS, HEADER_FIELDS_NOT, MIME, BINARY }

    /** {@code BINARY.SIZE[part]} (RFC 3516 section 4.3): the size of the part's decoded content. */
    record BinarySize(String path) implements FetchItem {

        String name() {
            return "BINARY.SIZE[" + path + "]";
        }
    }

    /**
     * Message content: {@code BODY[section]<partial>} and {@code BODY.PEEK}, their RFC 822
     * forms, which answer under their own names, and {@code BINARY[part]<partial>} with
     * {@code BINARY.PEEK} (RFC 3516).
     *
     * @param name   the item's name in the response, without a partial's origin
     * @param path   the body part's number ("1.2"), "" for the message itself
     * @param fields the header field names of HEADER.FIELDS and HEADER.FIELDS.NOT, else empty
     * @param offset the partial's first octet, -1 for all
     * @param length the partial's octet count, -1 for all
     */
    record Section(String name, boolean peek, String path, Part part, List<String> fields, long offset, long length)
            implements FetchItem {

        /** Whether reading it sets {@code \Seen} on a read-write mailbox. */
        boolean marksSeen() {
            return !peek;
        }
    }

    /** A section's part number, then the dot before its text: "1.2.", "3". */
    Pattern PART_PATH = Pattern.compile("(\\d+(?:\\.\\d+)*)?\\.?");

    /** RFC 5322 section 3.6.8: a field name is printable US-ASCII but the colon. */
    Pattern FIELD_NAME = Pattern.compile("[!-9;-~]+");

    /** A field name as the response repeats it: an atom where it can be, else a quoted string. */
    private static String astring(String field) {
        return field.chars().allMatch(ImapArguments::isAtomChar) ? field
                : "\"" + field.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The items a FETCH asks for: a macro, one item or a parenthesised list. */
    static List<FetchItem> parse(ImapArguments arguments) throws ImapArguments.SyntaxException {
        List<FetchItem> items = new ArrayList<>();
        if (arguments.take('(')) {
            do {
                items.add(item(arguments));
            } while (arguments.take(' '));
            arguments.expect(')');
            return items;
        }
        String first = peekName(arguments);
        switch (first) {
            case "FAST" -> items.addAll(List.of(new Flags(), new InternalDate(), new Size()));
            case "ALL" -> items.addAll(List.of(new Flags(), new InternalDate(), new Size(), new Envelope()));
            case "FULL" -> items.addAll(List.of(new Flags(), new InternalDate(), new Size(), new Envelope(), new Structure(false)));
            default -> {
                items.add(item(arguments));
                return items;
            }
        }
        arguments.skip(first.length());
        return items;
    }

    private static String peekName(ImapArguments arguments) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; ; i++) {
            int c = arguments.peekAt(i);
            if (c < 0 || c == ' ' || c == '[' || c == ')' || c == '<') {
                return name.toString().toUpperCase(Locale.ROOT);
            }
            name.append((char) c);
        }
    }

    private static FetchItem item(ImapArguments arguments) throws ImapArguments.SyntaxException {
        String name = peekName(arguments);
        arguments.skip(name.length());
        return switch (name) {
            case "FLAGS" -> new Flags();
            case "UID" -> new Uid();
            case "INTERNALDATE" -> new InternalDate();
            case "RFC822.SIZE" -> new Size();
            case "ENVELOPE" -> new Envelope();
            case "MODSEQ" -> new Modseq();
            case "BODYSTRUCTURE" -> new Structure(true);
            case "RFC822" -> new Section("RFC822", false, "", Part.ALL, List.of(), -1, -1);
            case "RFC822.HEADER" -> new Section("RFC822.HEADER", true, "", Part.HEADER, List.of(), -1, -1);
            case "RFC822.TEXT" -> new Section("RFC822.TEXT", false, "", Part.TEXT, List.of(), -1, -1);
            case "BODY", "BODY.PEEK" -> section(arguments, name.equals("BODY.PEEK"));
            case "BINARY", "BINARY.PEEK" -> {
                String path = binaryPart(arguments);
                long[] partial = partial(arguments);
                yield new Section("BINARY[" + path + "]", name.equals("BINARY.PEEK"), path, Part.BINARY, List.of(), partial[0], partial[1]);
            }
            case "BINARY.SIZE" -> new BinarySize(binaryPart(arguments));
            default -> throw new ImapArguments.SyntaxException("Unknown or unsupported FETCH item " + name);
        };
    }

    private static FetchItem section(ImapArguments arguments, boolean peek) throws ImapArguments.SyntaxException {
        if (!arguments.take('[')) {
            if (peek) {
                throw new ImapArguments.SyntaxException("BODY.PEEK needs a section");
            }
            return new Structure(false);
        }
        Part part = Part.ALL;
        List<String> fields = new ArrayList<>();
        String spec = "";
        String path = "";
        if (!arguments.take(']')) {
            spec = arguments.until(" ]").toUpperCase(Locale.ROOT);
            Matcher numbered = PART_PATH.matcher(spec);
            numbered.lookingAt();
            path = numbered.group(1) == null ? "" : numbered.group(1);
            String text = spec.substring(numbered.end());
            part = switch (text) {
                case "" -> Part.ALL;
                case "HEADER" -> Part.HEADER;
                case "TEXT" -> Part.TEXT;
                case "HEADER.FIELDS" -> Part.HEADER_FIELDS;
                case "HEADER.FIELDS.NOT" -> Part.HEADER_FIELDS_NOT;
                case "MIME" -> {
                    if (path.isEmpty()) {
                        throw new ImapArguments.SyntaxException("MIME needs a part number");
                    }
                    yield Part.MIME;
                }
                default -> throw new ImapArguments.SyntaxException("Invalid section " + spec);
            };
            if (part == Part.HEADER_FIELDS || part == Part.HEADER_FIELDS_NOT) {
                arguments.space().expect('(');
                do {
                    String field = arguments.astring();
                    if (!FIELD_NAME.matcher(field).matches()) {
                        throw new ImapArguments.SyntaxException("Invalid header field name");
                    }
                    fields.add(field);
                } while (arguments.take(' '));
                arguments.expect(')');
            }
            arguments.expect(']');
        }
        long[] partial = partial(arguments);
        String label = "BODY[" + spec + (fields.isEmpty() ? ""
                : " (" + String.join(" ", fields.stream().map(FetchItem::astring).toList()) + ")") + "]";
        return new Section(label, peek, path, part, List.copyOf(fields), partial[0], partial[1]);
    }

    /** {@code <offset.length>}, or {@code {-1, -1}} for none. */
    private static long[] partial(ImapArguments arguments) throws ImapArguments.SyntaxException {
        if (!arguments.take('<')) {
            return new long[] {-1, -1};
        }
        long offset = arguments.number();
        arguments.expect('.');
        long length = arguments.number();
        if (length == 0) {
            throw new ImapArguments.SyntaxException("A partial fetch needs a length above 0");
        }
        arguments.expect('>');
        return new long[] {offset, length};
    }

    /** {@code section-binary = "[" [section-part] "]"} (RFC 3516 section 5): part numbers only. */
    private static String binaryPart(ImapArguments arguments) throws ImapArguments.SyntaxException {
        arguments.expect('[');
        if (arguments.take(']')) {
            return "";
        }
        String path = arguments.until("]");
        if (!path.matches("[1-9][0-9]*(\\.[1-9][0-9]*)*")) {
            throw new ImapArguments.SyntaxException("Invalid BINARY section " + path);
        }
        arguments.expect(']');
        return path;
    }
}
