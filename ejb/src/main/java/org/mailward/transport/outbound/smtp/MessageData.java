package org.mailward.transport.outbound.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stored message as DATA content (RFC 5321 section 4.5.2): a line that starts with "." gets another one, a
 * bare LF becomes CRLF, the last line ends with CRLF, and ".CRLF" follows. It streams in 64 KB blocks.
 */
final class MessageData {

    private static final int BLOCK = 64 * 1024;
    private static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    private MessageData() {
    }

    /** A read from the stored message failed: not the remote host's fault. */
    static final class UnreadableContent extends IOException {
        UnreadableContent(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Copies and terminates the message, then flushes {@code out}. */
    static void write(InputStream in, OutputStream out) throws IOException {
        byte[] input = new byte[BLOCK];
        byte[] output = new byte[2 * BLOCK]; // an octet becomes at most two
        boolean lineStart = true;
        boolean afterCr = false;
        for (int n; (n = read(in, input)) >= 0; ) {
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte b = input[i];
                if (b == '\n') {
                    if (!afterCr) {
                        output[o++] = '\r';
                    }
                    output[o++] = '\n';
                    lineStart = true;
                    afterCr = false;
                } else {
                    if (lineStart && b == '.') {
                        output[o++] = '.';
                    }
                    output[o++] = b;
                    lineStart = false;
                    afterCr = b == '\r';
                }
            }
            out.write(output, 0, o);
        }
        if (afterCr) {
            out.write('\n');
        } else if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(END);
        out.flush();
    }

    private static int read(InputStream in, byte[] buffer) throws UnreadableContent {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UnreadableContent(e);
        }
    }
}
