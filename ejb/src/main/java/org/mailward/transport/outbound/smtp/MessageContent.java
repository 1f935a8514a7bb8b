package org.mailward.transport.outbound.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The message to send as stored (RFC 5322 text), opened when the server is ready for it and streamed, never held
 * in memory.
 *
 * @param size            octets, for the SIZE parameter (RFC 1870)
 * @param eightBitBody    the body holds octets above 127: BODY=8BITMIME when the server offers it (RFC 6152)
 * @param eightBitHeaders the header holds octets above 127 (UTF-8 header fields): needs SMTPUTF8 (RFC 6531)
 * @param opener          opens the stored message from its first octet; called at most once per attempt
 */
public record MessageContent(long size, boolean eightBitBody, boolean eightBitHeaders, IOSupplier<InputStream> opener) {

    /** A supplier that may fail with an I/O error, such as opening a stored message. */
    @FunctionalInterface
    public interface IOSupplier<T> {
        T get() throws IOException;
    }

    public MessageContent {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        Objects.requireNonNull(opener, "opener");
    }

    /**
     * Reads a message once and tells whether its body or header holds 8-bit octets. The header ends at the first
     * empty line.
     */
    public static MessageContent scan(long size, IOSupplier<InputStream> opener) throws IOException {
        boolean inHeader = true;
        boolean emptyLine = true;
        boolean eightBitHeaders = false;
        boolean eightBitBody = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = opener.get()) {
            for (int n; !eightBitBody && (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b < 0) {
                        if (inHeader) {
                            eightBitHeaders = true;
                        } else {
                            eightBitBody = true;
                            break;
                        }
                    }
                    if (b == '\n') {
                        inHeader &= !emptyLine;
                        emptyLine = true;
                    } else if (b != '\r') {
                        emptyLine = false;
                    }
                }
            }
        }
        return new MessageContent(size, eightBitBody, eightBitHeaders, opener);
    }
}
