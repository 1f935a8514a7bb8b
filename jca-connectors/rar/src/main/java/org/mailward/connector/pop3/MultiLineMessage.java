package org.mailward.connector.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Writes a stored message as POP3 multi-line data (RFC 1939 section 3): a line that begins with
 * "." gets another one in front, the last line ends with CRLF, and ".CRLF" ends the data. For TOP,
 * only the header, the empty line after it and the first lines of the body are written; reading
 * stops there, so a TOP of a large message reads little of it.
 */
final class MultiLineMessage {

    /** For {@link #write}: every line of the body. */
    static final long WHOLE_BODY = Long.MAX_VALUE;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final byte[] END = {DOT, CR, LF};
    private static final byte[] LINE_END = {CR, LF};

    private MultiLineMessage() {
    }

    /** Writes {@code message}'s header and the first {@code bodyLines} lines of its body, then the terminating line. */
    static void write(InputStream message, long bodyLines, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        boolean inHeader = true;
        int lineLength = 0; // octets of the current line so far, its line end aside
        long linesLeft = bodyLines;
        byte previous = LF; // as if a line had just ended
        int read;
        reading:
        while ((read = message.read(buffer)) > 0) {
            int run = 0; // start of the octets not yet written
            for (int i = 0; i < read; i++) {
                byte octet = buffer[i];
                if (previous == LF) { // a line starts
                    if (!inHeader && linesLeft-- == 0) {
                        out.write(buffer, run, i - run);
                        break reading;
                    }
                    if (octet == DOT) {
                        out.write(buffer, run, i - run);
                        out.write(DOT);
                        run = i; // the line's own dot goes out with the rest of it
                    }
                }
                if (octet == LF) {
                    if (inHeader && (lineLength == 0 || lineLength == 1 && previous == CR)) {
                        inHeader = false; // the empty line that ends the header
                    }
                    lineLength = 0;
                } else {
                    lineLength++;
                }
                previous = octet;
            }
            out.write(buffer, run, read - run);
        }
        if (previous != LF) {
            out.write(LINE_END);
        }
        out.write(END);
    }
}
