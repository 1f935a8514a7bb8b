package org.mailward.connector.imap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Undoes a body part's Content-Transfer-Encoding (RFC 2045 section 6) for FETCH BINARY (RFC 3516
 * section 4.2), as a stream: base64 and quoted-printable are decoded, the identity encodings
 * pass through, and any other is unknown ({@code NO [UNKNOWN-CTE]}).
 */
final class TransferDecoding {

    private static final Set<String> IDENTITY = Set.of("7bit", "8bit", "binary");

    private TransferDecoding() {
    }

    static boolean isKnown(String encoding) {
        String name = encoding.toLowerCase(Locale.ROOT);
        return IDENTITY.contains(name) || name.equals("base64") || name.equals("quoted-printable");
    }

    /** The decoded content of {@code encoded}; the encoding must be {@linkplain #isKnown known}. */
    static InputStream decode(String encoding, InputStream encoded) {
        return switch (encoding.toLowerCase(Locale.ROOT)) {
            case "base64" -> Base64.getMimeDecoder().wrap(encoded);
            case "quoted-printable" -> new QuotedPrintable(encoded);
            default -> encoded;
        };
    }

    /**
     * RFC 2045 section 6.7: {@code =XX} is an octet, {@code =} at a line end is a soft line break,
     * and blanks at a line end are transport padding, dropped. An {@code =} followed by anything
     * else is kept as it is, as the RFC advises a robust decoder to do.
     */
    private static final class QuotedPrintable extends InputStream {

        private final PushbackInputStream in;
        /** Decoded octets waiting to be read: blanks that turned out not to end a line. */
        private byte[] pending = new byte[0];
        private int next;

        QuotedPrintable(InputStream encoded) {
            this.in = new PushbackInputStream(new BufferedInputStream(encoded), 2);
        }

        @Override
        public int read() throws IOException {
            if (next < pending.length) {
                return pending[next++] & 0xFF;
            }
            while (true) {
                int c = in.read();
                if (c == '=') {
                    int first = in.read();
                    if (first == '\n') {
                        continue;
                    }
                    int second = in.read();
                    if (first == '\r' && second == '\n') {
                        continue;
                    }
                    int high = Character.digit(first, 16);
                    int low = Character.digit(second, 16);
                    if (high >= 0 && low >= 0) {
                        return high << 4 | low;
                    }
                    unread(second);
                    unread(first);
                    return c;
                }
                if (c != ' ' && c != '\t') {
                    return c;
                }
                ByteArrayOutputStream blanks = new ByteArrayOutputStream();
                while (c == ' ' || c == '\t') {
                    blanks.write(c);
                    c = in.read();
                }
                unread(c);
                if (c != '\r' && c != '\n' && c >= 0) {
                    pending = blanks.toByteArray();
                    next = 1;
                    return pending[0];
                }
            }
        }

        private void unread(int c) throws IOException {
            if (c >= 0) {
                in.unread(c);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
