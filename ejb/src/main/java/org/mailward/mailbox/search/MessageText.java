package org.mailward.mailbox.search;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.HttpHeaders;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.mailward.mailbox.store.HeaderBlock;
import org.mailward.mailbox.structure.MessageStructure;
import org.mailward.mailbox.structure.MimePart;
import org.xml.sax.SAXException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a message for the full-text index: its header fields, decoded (RFC 2047), and the
 * text of its body, each part decoded from base64 or quoted-printable and from its charset; HTML
 * and attachments (PDF, Office, OpenDocument) go through Apache Tika. The message is read once,
 * front to back, guided by its stored MIME structure. Text beyond {@link #MAX_CHARS} is left out,
 * and a part Tika cannot read adds nothing: a broken attachment never keeps a message out of the index.
 * When the parser gives up on the message ({@link ExtractionCutShort}: its time limit, or no parser
 * to be had for now), the text read until then is the message's text, and {@code cutShortBy} says
 * why the rest is missing.
 *
 * @param cutShortBy   why part of the body's text is missing; null when it is all there
 * @param cutForAWhile whether a later try may read the rest: the message's own time limit was not the cause
 */
public record MessageText(String headers, String body, String cutShortBy, boolean cutForAWhile) {

    public MessageText(String headers, String body) {
        this(headers, body, null, false);
    }

    /** The most text taken from one message: a book-sized attachment is searched by its first pages. */
    static final int MAX_CHARS = 1_000_000;

    /** Media types whose bytes hold no words worth indexing; Tika is not asked about them. */
    private static final Set<String> WORDLESS = Set.of("image", "audio", "video", "font", "model");

    /** A stretch of the message to read: a leaf part's body, or an embedded message's header block. */
    private record Segment(long start, long end, MimePart part, boolean headerBlock) {
    }

    /**
     * @param raw       the message as stored; read to the end of its last text-bearing part, not closed
     * @param structure its MIME structure
     * @param documents the parser for attachments and HTML (Tika's AutoDetectParser)
     */
    public static MessageText extract(InputStream raw, MessageStructure structure, Parser documents) throws IOException {
        Position in = new Position(raw);
        StringBuilder headers = new StringBuilder();
        appendFields(headers, HeaderBlock.read(new Window(in, structure.message().bodyStart())));
        in.skipTo(structure.message().bodyStart());
        List<Segment> segments = new ArrayList<>();
        collect(structure.message(), true, segments);
        segments.sort(Comparator.comparingLong(Segment::start));
        StringBuilder body = new StringBuilder();
        ExtractionCutShort cut = null;
        for (Segment segment : segments) {
            if (body.length() >= MAX_CHARS || segment.start() < in.position()) {
                continue;
            }
            in.skipTo(segment.start());
            Window window = new Window(in, segment.end());
            try {
                if (segment.headerBlock()) {
                    appendFields(body, HeaderBlock.read(window));
                } else {
                    appendPart(body, segment.part(), window, documents);
                }
            } catch (ExtractionCutShort e) {
                cut = e; // the rest of the message is left unread
                break;
            }
            body.append('\n');
        }
        return new MessageText(headers.toString(), body.length() > MAX_CHARS ? body.substring(0, MAX_CHARS) : body.toString(),
                cut == null ? null : cut.getMessage(), cut != null && cut.forAWhile());
    }

    private static void collect(MimePart part, boolean top, List<Segment> segments) {
        if (part.isMultipart()) {
            part.parts().forEach(child -> collect(child, false, segments));
        } else if (part.isMessage()) {
            MimePart embedded = part.message();
            segments.add(new Segment(embedded.headerStart(), embedded.bodyStart(), embedded, true));
            collect(embedded, false, segments);
        } else if (!WORDLESS.contains(part.type().toLowerCase(Locale.ROOT)) && part.size() > 0) {
            segments.add(new Segment(part.bodyStart(), part.end(), part, false));
        }
    }

    private static void appendFields(StringBuilder text, HeaderBlock block) {
        for (HeaderBlock.Field field : block.fields()) {
            text.append(decodeWords(field.value())).append('\n');
        }
    }

    private static String decodeWords(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return value;
        }
    }

    private static void appendPart(StringBuilder text, MimePart part, InputStream encoded, Parser documents)
            throws IOException, ExtractionCutShort {
        InputStream decoded;
        try {
            decoded = MimeUtility.decode(encoded, part.encoding().toLowerCase(Locale.ROOT));
        } catch (MessagingException e) {
            decoded = encoded; // an unknown transfer encoding: its words may still be readable
        }
        int room = MAX_CHARS - text.length();
        if (part.isText() && part.subtype().equalsIgnoreCase("plain")) {
            byte[] bytes = decoded.readNBytes(room * 4);
            String words = new String(bytes, charset(part));
            text.append(words, 0, Math.min(words.length(), room));
            return;
        }
        BodyContentHandler handler = new BodyContentHandler(room);
        Metadata metadata = new Metadata();
        metadata.set(HttpHeaders.CONTENT_TYPE, part.type() + "/" + part.subtype() + charsetParameter(part));
        try {
            documents.parse(decoded, handler, metadata, new ParseContext());
        } catch (ExtractionCutShort e) {
            text.append(handler); // what the parser had read by then still counts
            throw e;
        } catch (SAXException | TikaException | RuntimeException e) {
            // The write limit, or a damaged or encrypted attachment: what was read so far still counts.
        }
        text.append(handler);
    }

    private static Charset charset(MimePart part) {
        String name = parameter(part, "charset");
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String charsetParameter(MimePart part) {
        String charset = parameter(part, "charset");
        return charset == null ? "" : "; charset=" + charset;
    }

    private static String parameter(MimePart part, String name) {
        return part.parameters().stream().filter(parameter -> parameter.name().equalsIgnoreCase(name))
                .map(MimePart.Parameter::value).findFirst().orElse(null);
    }

    /** The message stream with the count of octets read from it, so that parts are found by their offsets. */
    private static final class Position extends FilterInputStream {

        private long position;

        Position(InputStream in) {
            super(in);
        }

        long position() {
            return position;
        }

        void skipTo(long offset) throws IOException {
            while (position < offset) {
                long skipped = skip(offset - position);
                if (skipped <= 0) {
                    if (read() < 0) {
                        return;
                    }
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position += Math.max(0, skipped);
            return skipped;
        }
    }

    /** The message up to an offset, never closing it: each part's reader sees its own octets only. */
    private static final class Window extends InputStream {

        private final Position in;
        private final long end;

        Window(Position in, long end) {
            this.in = in;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            return in.position() < end ? in.read() : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long left = end - in.position();
            if (left <= 0) {
                return -1;
            }
            return in.read(buffer, offset, (int) Math.min(length, left));
        }

        @Override
        public void close() {
            // the message stream belongs to the caller
        }
    }
}
