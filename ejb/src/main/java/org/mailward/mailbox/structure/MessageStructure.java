package org.mailward.mailbox.structure;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MIME structure of a stored message (RFC 2045, RFC 2046), read once at delivery and kept
 * as {@link #toJson}, so that FETCH ENVELOPE, BODY, BODYSTRUCTURE and BODY[section] never parse
 * the message again: a section is a range of octets to read from the stored message.
 *
 * <p>Parsing streams: only the header fields IMAP reports are kept, each cut at
 * {@link #MAX_FIELD_BYTES}. It is lenient with mail from the Internet: bare LF line ends, a
 * missing Content-Type (text/plain, or message/rfc822 within a multipart/digest), a missing
 * final boundary, a header cut short by a boundary. Header octets are read as UTF-8, or as
 * ISO-8859-1 where they are not valid UTF-8. Hostile nesting is cut at {@link #MAX_DEPTH}
 * (deeper multiparts and messages are kept whole as application/octet-stream) and the part
 * count at {@link #MAX_PARTS} (after which boundaries are no longer looked for).
 *
 * @param message the top-level message: its envelope, type and the octets it spans
 */
public record MessageStructure(MimePart message) {

    public static final int MAX_DEPTH = 100;
    public static final int MAX_PARTS = 10_000;
    public static final int MAX_FIELD_BYTES = 64 * 1024;

    /** Of {@link #toJson}: a stored structure of another version is to be parsed again. */
    public static final int FORMAT_VERSION = 1;

    // Once: each Json.create... call looks the provider up through the module class loader.
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final JsonReaderFactory JSON_READERS = Json.createReaderFactory(Map.of());

    /** Octets {@code [start, end)} of the stored message. */
    public record Range(long start, long end) {

        public long length() {
            return end - start;
        }
    }

    /**
     * Where a section-part of RFC 9051 section 6.4.5 lies.
     *
     * @param content what BODY[part] returns: the whole message for the empty part, otherwise the part's body
     * @param mime the part's MIME header (BODY[part.MIME]); {@code null} for the whole message
     * @param header the header of the message the part is (BODY[HEADER], BODY[part.HEADER]); {@code null} unless
     *               the whole message or a message/rfc822 part
     * @param text that message's body (BODY[TEXT], BODY[part.TEXT]); {@code null} when {@code header} is
     */
    public record Section(Range content, Range mime, Range header, Range text) {
    }

    /** Reads the message to its end, streaming; the caller closes the stream. */
    public static MessageStructure parse(InputStream rawMessage) throws IOException {
        return new MessageStructure(new Parser(rawMessage).part(true, false, 0));
    }

    /** The message's size in octets. */
    public long size() {
        return message.end();
    }

    /** The ENVELOPE for a client that has not enabled UTF8=ACCEPT. */
    public String envelope() {
        return envelope(false);
    }

    /** The ENVELOPE; with {@code utf8} for a client that has enabled UTF8=ACCEPT (see {@link ImapEnvelope#toImap}). */
    public String envelope(boolean utf8) {
        return message.envelope().toImap(utf8);
    }

    /** BODY ({@code extended} false) or BODYSTRUCTURE for a client that has not enabled UTF8=ACCEPT. */
    public String bodyStructure(boolean extended) {
        return bodyStructure(extended, false);
    }

    public String bodyStructure(boolean extended, boolean utf8) {
        return ImapBodyStructure.of(message, extended, utf8);
    }

    /**
     * The octets of a section-part: {@code ""} for the whole message, otherwise part numbers
     * joined by dots ({@code "1.2"}), without any HEADER, TEXT or MIME suffix. Empty when the
     * message has no such part.
     */
    public Optional<Section> section(String part) {
        if (part.isEmpty()) {
            return Optional.of(new Section(new Range(0, size()), null, header(message), text(message)));
        }
        return part(part).map(current -> {
            MimePart embedded = current.message();
            return new Section(new Range(current.bodyStart(), current.end()),
                    new Range(current.headerStart(), current.bodyStart()),
                    embedded == null ? null : header(embedded), embedded == null ? null : text(embedded));
        });
    }

    /**
     * The body part numbered {@code part} ({@code "1.2"}, RFC 9051 section 6.4.5): a message that
     * is no multipart has its body as part 1. Empty when there is no such part.
     */
    public Optional<MimePart> part(String part) {
        MimePart current = null;
        for (String number : part.split("\\.", -1)) {
            List<MimePart> numbered = current == null ? numbered(message)
                    : current.isMultipart() ? current.parts()
                    : current.isMessage() ? numbered(current.message()) : List.of();
            if (!number.matches("[1-9][0-9]{0,8}") || Integer.parseInt(number) > numbered.size()) {
                return Optional.empty();
            }
            current = numbered.get(Integer.parseInt(number) - 1);
        }
        return Optional.of(current);
    }

    /** The parts numbered directly under a message: a multipart's parts, otherwise its body as part 1. */
    private static List<MimePart> numbered(MimePart message) {
        return message.isMultipart() ? message.parts() : List.of(message);
    }

    private static Range header(MimePart message) {
        return new Range(message.headerStart(), message.bodyStart());
    }

    private static Range text(MimePart message) {
        return new Range(message.bodyStart(), message.end());
    }

    /** {@code {"version":1,"message":{part}}}; see {@link MimePart} for a part's members. */
    public String toJson() {
        return JSON.createObjectBuilder().add("version", FORMAT_VERSION).add("message", message.toJson(JSON))
                .build().toString();
    }

    /** @throws IllegalArgumentException for a structure stored in another format version */
    public static MessageStructure fromJson(String json) {
        try (JsonReader reader = JSON_READERS.createReader(new StringReader(json))) {
            JsonObject structure = reader.readObject();
            int version = structure.getInt("version");
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("message structure format " + version + ", not " + FORMAT_VERSION);
            }
            return new MessageStructure(MimePart.fromJson(structure.getJsonObject("message")));
        }
    }

    /**
     * The recursive descent over the message's lines. A multipart's boundaries stay on a stack
     * while its parts are read, so that any enclosing boundary ends a part, however deep.
     */
    private static final class Parser {

        /** Enough for any boundary line (at most 70 characters in RFC 2046) with trailing blanks. */
        private static final int BODY_LINE_KEEP = 1024;
        private static final int HEADER_LINE_KEEP = MAX_FIELD_BYTES + 1024;
        /**
         * What ended the part read last: a boundary line of the multipart at {@code level} of the
         * stack, or the end of input ({@code level} -1). The line end before a boundary belongs
         * to the boundary, so the part ends at {@code cut}, before it.
         */
        private record Stop(int level, boolean close, long cut, long lineEndsBeforeCut) {
        }

        private final Lines lines;
        private final List<byte[]> boundaries = new ArrayList<>();
        private int partsLeft = MAX_PARTS;
        private Stop stop;

        Parser(InputStream input) {
            this.lines = new Lines(input);
        }

        /** Reads a part's header and body, up to the boundary or end of input that ends it. */
        MimePart part(boolean message, boolean inDigest, int depth) throws IOException {
            partsLeft--;
            long headerStart = lines.position();
            HeaderFields fields = new HeaderFields();
            boolean headerEnded = readHeader(fields);
            long bodyStart = headerEnded ? lines.position() : Math.max(headerStart, stop.cut());
            long lineEndsAtBody = lines.lineEnds();
            MediaType media = MediaType.of(fields.get("content-type"), inDigest, depth);
            List<MimePart> parts = List.of();
            MimePart embedded = null;
            if (!headerEnded) {
                embedded = media.isMessage() ? emptyMessage(bodyStart) : null;
            } else if (media.isMultipart() && !media.boundary().isEmpty()) {
                parts = multipartBody(media.boundary().getBytes(StandardCharsets.UTF_8),
                        media.subtype().equalsIgnoreCase("digest"), depth);
            } else if (media.isMessage()) {
                embedded = part(true, false, depth + 1);
            } else {
                stop = nextBoundary();
            }
            long end = Math.max(bodyStart, stop.cut());
            long bodyLines = end > bodyStart ? stop.lineEndsBeforeCut() - lineEndsAtBody : 0;
            return fields.part(headerStart, bodyStart, end, bodyLines, media, parts, embedded, message);
        }

        /** Reads header lines up to the empty line (true), or up to a boundary or the end of input. */
        private boolean readHeader(HeaderFields fields) throws IOException {
            try {
                while (lines.next(HEADER_LINE_KEEP)) {
                    stop = boundary();
                    if (stop != null) {
                        return false;
                    }
                    if (lines.length() == 0) {
                        return true;
                    }
                    fields.line(lines.kept(), lines.keptLength());
                }
                stop = endOfInput();
                return false;
            } finally {
                fields.finish();
            }
        }

        /** The parts between the preamble and the close delimiter; the epilogue is read past. */
        private List<MimePart> multipartBody(byte[] boundary, boolean digest, int depth) throws IOException {
            boundaries.add(boundary);
            int level = boundaries.size() - 1;
            List<MimePart> parts = new ArrayList<>();
            Stop found = nextBoundary();
            while (found.level() == level && !found.close()) {
                parts.add(part(false, digest, depth + 1));
                found = stop;
            }
            boundaries.remove(level);
            stop = found.level() == level ? nextBoundary() : found;
            return parts;
        }

        /** Reads body lines up to the next boundary line of any enclosing multipart, or the end of input. */
        private Stop nextBoundary() throws IOException {
            while (lines.next(BODY_LINE_KEEP)) {
                Stop found = boundary();
                if (found != null) {
                    return found;
                }
            }
            return endOfInput();
        }

        /**
         * The boundary the current line is, innermost multipart first, or {@code null}. A
         * boundary line is "--" boundary, "--" more for the close delimiter, then only blanks.
         */
        private Stop boundary() {
            int length = lines.keptLength();
            byte[] line = lines.kept();
            if (partsLeft <= 0 || length != lines.length() || length < 2 || line[0] != '-' || line[1] != '-') {
                return null;
            }
            for (int level = boundaries.size() - 1; level >= 0; level--) {
                byte[] boundary = boundaries.get(level);
                int rest = 2 + boundary.length;
                if (length < rest || !Arrays.equals(line, 2, rest, boundary, 0, boundary.length)) {
                    continue;
                }
                boolean close = length >= rest + 2 && line[rest] == '-' && line[rest + 1] == '-';
                if (blank(line, close ? rest + 2 : rest, length)) {
                    // Cut before the line end of the line before; neither it nor this line's counts.
                    int before = lines.previousLineEnd();
                    return new Stop(level, close, lines.lineStart() - before,
                            lines.lineEnds() - (lines.lineEnd() > 0 ? 1 : 0) - (before > 0 ? 1 : 0));
                }
            }
            return null;
        }

        private static boolean blank(byte[] line, int from, int to) {
            for (int i = from; i < to; i++) {
                if (line[i] != ' ' && line[i] != '\t') {
                    return false;
                }
            }
            return true;
        }

        private Stop endOfInput() {
            return new Stop(-1, false, lines.position(), lines.lineEnds());
        }

        /** A message/rfc822 part whose header was cut short has an empty message in it. */
        private static MimePart emptyMessage(long at) {
            return new MimePart(at, at, at, 0, "TEXT", "PLAIN", MediaType.US_ASCII, null, null, "7BIT", null, List.of(),
                    List.of(), null, List.of(), null,
                    new ImapEnvelope(null, null, null, null, null, null, null, null, null, null));
        }
    }

    /**
     * The input as lines ending in LF (CR LF or bare LF), and where each lies. Only the first
     * octets of a line are kept, as many as the caller asks for.
     */
    private static final class Lines {

        private final InputStream input;
        private final byte[] buffer = new byte[64 * 1024];
        private final byte[] kept = new byte[Parser.HEADER_LINE_KEEP];
        private int next;
        private int limit;
        private long position;
        private long lineStart;
        private long length;
        private int keptLength;
        private int lineEnd;
        private int previousLineEnd;
        private long lineEnds;

        Lines(InputStream input) {
            this.input = input;
        }

        /** Reads the next line, keeping up to {@code keep} octets of it; false at the end of input. */
        boolean next(int keep) throws IOException {
            previousLineEnd = lineEnd;
            lineStart = position;
            length = 0;
            keptLength = 0;
            boolean carriageReturn = false;
            while (true) {
                if (next == limit && !fill()) {
                    lineEnd = 0;
                    return length > 0;
                }
                int newline = next;
                while (newline < limit && buffer[newline] != '\n') {
                    newline++;
                }
                int count = newline - next;
                int copied = Math.min(count, keep - keptLength);
                System.arraycopy(buffer, next, kept, keptLength, copied);
                keptLength += copied;
                if (count > 0) {
                    carriageReturn = buffer[newline - 1] == '\r';
                }
                length += count;
                position += count;
                next = newline;
                if (newline < limit) {
                    next++;
                    position++;
                    lineEnds++;
                    lineEnd = carriageReturn ? 2 : 1;
                    length -= lineEnd - 1;
                    keptLength = (int) Math.min(keptLength, length);
                    return true;
                }
            }
        }

        private boolean fill() throws IOException {
            int read = input.read(buffer);
            if (read <= 0) {
                return false;
            }
            next = 0;
            limit = read;
            return true;
        }

        /** Where the next line starts: after the current one. */
        long position() {
            return position;
        }

        long lineStart() {
            return lineStart;
        }

        /** The current line's length without its line end. */
        long length() {
            return length;
        }

        byte[] kept() {
            return kept;
        }

        int keptLength() {
            return keptLength;
        }

        /** The current line's line end in octets: 2 for CR LF, 1 for LF, 0 at the end of input. */
        int lineEnd() {
            return lineEnd;
        }

        int previousLineEnd() {
            return previousLineEnd;
        }

        /** The line ends read so far, the current line's included. */
        long lineEnds() {
            return lineEnds;
        }
    }

    /**
     * A part's Content-Type, with the RFC 2045 defaults for a missing or invalid one. A multipart
     * or message nested deeper than {@link #MAX_DEPTH} becomes application/octet-stream: its
     * content is not looked into.
     */
    private record MediaType(String type, String subtype, List<MimePart.Parameter> parameters) {

        private static final List<MimePart.Parameter> US_ASCII = List.of(new MimePart.Parameter("CHARSET", "US-ASCII"));

        static MediaType of(String field, boolean inDigest, int depth) {
            if (field == null && inDigest) {
                return new MediaType("MESSAGE", "RFC822", List.of());
            }
            FieldValue value = FieldValue.of(field);
            String type = value == null ? "" : value.token();
            String subtype = value != null && value.take('/') ? value.token() : "";
            if (type.isEmpty() || subtype.isEmpty()) {
                return new MediaType("TEXT", "PLAIN", US_ASCII);
            }
            List<MimePart.Parameter> parameters = value.parameters();
            MediaType media = new MediaType(type, subtype,
                    parameters.isEmpty() && type.equalsIgnoreCase("text") ? US_ASCII : parameters);
            boolean nested = media.isMultipart() || media.isMessage();
            return nested && depth >= MAX_DEPTH ? new MediaType("APPLICATION", "OCTET-STREAM", parameters) : media;
        }

        boolean isMultipart() {
            return type.equalsIgnoreCase("multipart");
        }

        boolean isMessage() {
            return type.equalsIgnoreCase("message") && subtype.equalsIgnoreCase("rfc822");
        }

        /** The boundary parameter, or empty. */
        String boundary() {
            return parameters.stream().filter(p -> p.name().equalsIgnoreCase("boundary"))
                    .map(MimePart.Parameter::value).findFirst().orElse("");
        }
    }

    /** The header fields the structure needs, the first of each name, unfolded and decoded. */
    private static final class HeaderFields {

        private static final Set<String> WANTED = Set.of("content-type", "content-id", "content-description",
                "content-transfer-encoding", "content-disposition", "content-language", "content-location", "date",
                "subject", "from", "sender", "reply-to", "to", "cc", "bcc", "in-reply-to", "message-id");

        private final Map<String, String> values = new HashMap<>();
        private final ByteArrayOutputStream value = new ByteArrayOutputStream(256);
        private String name;

        /** A field's first line or a continuation line (starting with a blank) of the field before. */
        void line(byte[] line, int length) {
            if (line[0] == ' ' || line[0] == '\t') {
                if (name != null) {
                    append(line, 0, length);
                }
                return;
            }
            finish();
            int colon = 0;
            while (colon < length && line[colon] != ':') {
                colon++;
            }
            if (colon == length) {
                return; // not a field: ignored, as is any continuation of it
            }
            String fieldName = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
            if (WANTED.contains(fieldName) && !values.containsKey(fieldName)) {
                name = fieldName;
                append(line, colon + 1, length - colon - 1);
            }
        }

        /** Unfolding: the line end goes, the blank that starts the next line stays. */
        private void append(byte[] line, int from, int length) {
            value.write(line, from, Math.min(length, MAX_FIELD_BYTES - value.size()));
        }

        void finish() {
            if (name != null) {
                values.put(name, decode(value.toByteArray()).trim());
                name = null;
                value.reset();
            }
        }

        String get(String field) {
            return values.get(field);
        }

        private String nonEmpty(String field) {
            String fieldValue = values.get(field);
            return fieldValue == null || fieldValue.isEmpty() ? null : fieldValue;
        }

        /** The part these fields head; a message's fields give it an envelope as well. */
        MimePart part(long headerStart, long bodyStart, long end, long lines, MediaType media, List<MimePart> parts,
                      MimePart embedded, boolean message) {
            FieldValue disposition = FieldValue.of(get("content-disposition"));
            String dispositionType = disposition == null ? "" : disposition.token();
            FieldValue encoding = FieldValue.of(get("content-transfer-encoding"));
            String encodingName = encoding == null ? "" : encoding.token();
            FieldValue languages = FieldValue.of(get("content-language"));
            return new MimePart(headerStart, bodyStart, end, lines, media.type(), media.subtype(), media.parameters(),
                    nonEmpty("content-id"), nonEmpty("content-description"),
                    encodingName.isEmpty() ? "7BIT" : encodingName,
                    dispositionType.isEmpty() ? null : dispositionType,
                    dispositionType.isEmpty() ? List.of() : disposition.parameters(),
                    languages == null ? List.of() : languages.tokens(), nonEmpty("content-location"), parts, embedded,
                    message ? envelope() : null);
        }

        private ImapEnvelope envelope() {
            return new ImapEnvelope(get("date"), get("subject"), get("from"), get("sender"), get("reply-to"),
                    get("to"), get("cc"), get("bcc"), get("in-reply-to"), get("message-id"));
        }

        /** UTF-8 (RFC 6532), or ISO-8859-1 for the 8-bit mail of before. */
        private static String decode(byte[] octets) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(octets)).toString();
            } catch (CharacterCodingException e) {
                return new String(octets, StandardCharsets.ISO_8859_1);
            }
        }
    }

    /**
     * A structured MIME field value (RFC 2045 section 5.1), read leniently: comments are
     * skipped, a parameter without "=" is dropped, and an unquoted value runs to the next ";".
     */
    private static final class FieldValue {

        private static final String SPECIALS = "()<>@,;:\\\"/[]?=";

        private final String text;
        private int at;

        private FieldValue(String text) {
            this.text = text;
        }

        static FieldValue of(String text) {
            return text == null ? null : new FieldValue(text);
        }

        /** The next token, possibly empty. */
        String token() {
            skipBlanksAndComments();
            int start = at;
            while (at < text.length() && text.charAt(at) > ' ' && SPECIALS.indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at);
        }

        boolean take(char c) {
            skipBlanksAndComments();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        /** The tokens of a comma-separated list, such as Content-Language's. */
        List<String> tokens() {
            List<String> tokens = new ArrayList<>();
            while (at < text.length()) {
                String token = token();
                if (!token.isEmpty()) {
                    tokens.add(token);
                } else if (!take(',') && at < text.length()) {
                    at++;
                }
            }
            return tokens;
        }

        List<MimePart.Parameter> parameters() {
            List<MimePart.Parameter> parameters = new ArrayList<>();
            while (at < text.length()) {
                if (take(';')) {
                    continue;
                }
                String name = token();
                if (!name.isEmpty() && take('=')) {
                    parameters.add(new MimePart.Parameter(name, value()));
                } else {
                    while (at < text.length() && text.charAt(at) != ';') {
                        at++;
                    }
                }
            }
            return parameters;
        }

        /** A parameter value: quoted strings unquoted, words written apart joined by one space. */
        private String value() {
            StringBuilder value = new StringBuilder();
            boolean apart = false;
            while (at < text.length() && text.charAt(at) != ';') {
                char c = text.charAt(at);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '(') {
                    int before = at;
                    skipBlanksAndComments();
                    apart = at > before;
                    continue;
                }
                if (apart && !value.isEmpty()) {
                    value.append(' ');
                }
                apart = false;
                if (c == '"') {
                    at++;
                    while (at < text.length() && text.charAt(at) != '"') {
                        if (text.charAt(at) == '\\' && at + 1 < text.length()) {
                            at++;
                        }
                        value.append(text.charAt(at++));
                    }
                    at = Math.min(at + 1, text.length());
                } else {
                    while (at < text.length() && " \t\r\n;(\"".indexOf(text.charAt(at)) < 0) {
                        value.append(text.charAt(at++));
                    }
                }
            }
            return value.toString();
        }

        private void skipBlanksAndComments() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    at++;
                } else if (c == '(') {
                    int depth = 0;
                    do {
                        char d = text.charAt(at);
                        if (d == '\\') {
                            at++;
                        } else if (d == '(') {
                            depth++;
                        } else if (d == ')') {
                            depth--;
                        }
                        at++;
                    } while (depth > 0 && at < text.length());
                    at = Math.min(at, text.length());
                } else {
                    return;
                }
            }
        }
    }
}
