package org.mailward.connector.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads command lines from a client. A line ends with CRLF or, leniently, a bare LF. Bytes are
 * decoded as UTF-8 with malformed input replaced, so binary garbage becomes an unknown command
 * rather than an exception. A line longer than the limit is read up to its end and discarded, so
 * the session can answer it and continue.
 */
public final class LineReader {

    /** One line: its text without the line end, or {@code tooLong} with empty text. */
    public record Line(String text, boolean tooLong) {

        static final Line TOO_LONG = new Line("", true);
    }

    private final InputStream in;
    private final int maxLength;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public LineReader(InputStream in, int maxLength) {
        this.in = new BufferedInputStream(in);
        this.maxLength = maxLength;
    }

    /** The next line, or {@code null} when the stream ends (an unterminated last line is dropped). */
    public Line read() throws IOException {
        buffer.reset();
        boolean draining = false;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return draining ? Line.TOO_LONG : complete();
            }
            if (!draining) {
                buffer.write(b);
                // One byte beyond the limit may still be the CR of the line end.
                draining = buffer.size() > maxLength + 1;
                if (draining) {
                    buffer.reset();
                }
            }
        }
        return null;
    }

    private Line complete() {
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return length > maxLength ? Line.TOO_LONG : new Line(new String(bytes, 0, length, StandardCharsets.UTF_8), false);
    }
}
