package org.mailward.mailbox.structure;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 9051 section 7.5.2) from a part tree. The body MD5 is
 * always NIL; sizes and line counts are those of the stored octets.
 */
final class ImapBodyStructure {

    /**
     * The grammar wants at least one part in a multipart; one that has none (no boundary, or
     * none found) is written with this empty part, as Dovecot does.
     */
    private static final String EMPTY_PART = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)";

    private ImapBodyStructure() {
    }

    /**
     * @param extended BODYSTRUCTURE rather than BODY: with the extension data
     * @param utf8 the client enabled UTF8=ACCEPT or IMAP4rev2, so 8-bit text goes as it is; to
     *             another client the strings are ASCII, as in a header field (RFC 6855 section 7)
     */
    static String of(MimePart part, boolean extended, boolean utf8) {
        StringBuilder out = new StringBuilder(256);
        append(out, part, extended, utf8);
        return out.toString();
    }

    private static void append(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        out.append('(');
        if (part.isMultipart()) {
            appendMultipart(out, part, extended, utf8);
        } else {
            appendSinglePart(out, part, extended, utf8);
        }
        out.append(')');
    }

    private static void appendMultipart(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        if (part.parts().isEmpty()) {
            out.append(EMPTY_PART);
        }
        for (MimePart child : part.parts()) {
            append(out, child, extended, utf8);
        }
        out.append(' ');
        ImapEnvelope.appendString(out, part.subtype(), utf8);
        if (extended) {
            out.append(' ');
            appendParameters(out, part.parameters(), utf8);
            appendExtensions(out, part, utf8);
        }
    }

    private static void appendSinglePart(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        ImapEnvelope.appendString(out, part.type(), utf8);
        out.append(' ');
        ImapEnvelope.appendString(out, part.subtype(), utf8);
        out.append(' ');
        appendParameters(out, part.parameters(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.id(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.description(), utf8);
        out.append(' ');
        ImapEnvelope.appendString(out, part.encoding(), utf8);
        out.append(' ').append(part.size());
        if (part.isMessage()) {
            out.append(' ').append(part.message().envelope().toImap(utf8)).append(' ');
            append(out, part.message(), extended, utf8);
            out.append(' ').append(part.lines());
        } else if (part.isText()) {
            out.append(' ').append(part.lines());
        }
        if (extended) {
            out.append(" NIL");
            appendExtensions(out, part, utf8);
        }
    }

    /** Disposition, language and location, which both kinds of part end with. */
    private static void appendExtensions(StringBuilder out, MimePart part, boolean utf8) {
        out.append(' ');
        if (part.disposition() == null) {
            out.append("NIL");
        } else {
            out.append('(');
            ImapEnvelope.appendString(out, part.disposition(), utf8);
            out.append(' ');
            appendParameters(out, part.dispositionParameters(), utf8);
            out.append(')');
        }
        out.append(' ');
        appendList(out, part.languages(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.location(), utf8);
    }

    /** For a client without UTF-8, an 8-bit value is written as the header field would carry it: {@code name*=utf-8''...} (RFC 2231). */
    private static void appendParameters(StringBuilder out, List<MimePart.Parameter> parameters, boolean utf8) {
        appendList(out, parameters.stream().<String>mapMulti((p, sink) -> {
            boolean extended = !utf8 && !ImapEnvelope.isAscii(p.value());
            sink.accept(extended ? p.name() + "*" : p.name());
            sink.accept(extended ? "utf-8''" + percentEncoded(p.value()) : p.value());
        }).toList(), utf8);
    }

    /** RFC 2231's extended-value: the UTF-8 octets, each but letters, digits, '.', '-' and '_' as %XX. */
    private static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte octet : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (octet & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** NIL for none, otherwise a parenthesised list of strings. */
    private static void appendList(StringBuilder out, List<String> values, boolean utf8) {
        if (values.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : " ");
            ImapEnvelope.appendString(out, values.get(i), utf8);
        }
        out.append(')');
    }
}
