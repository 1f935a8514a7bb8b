package org.mailward.transport.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The Return-Path field that local delivery puts on top of a stored message. A relay must not
 * send it on (RFC 5321 section 4.4): the receiving server adds its own from the envelope.
 */
final class ReturnPath {

    private static final byte[] NAME = "return-path:".getBytes(StandardCharsets.US_ASCII);
    /** Far longer than any Return-Path a mailbox holds (an address is at most 320 octets). */
    private static final int MOST_READ = 2048;

    private ReturnPath() {
    }

    /** The length of a leading Return-Path field with its line end (and any folded lines), 0 when the message does not start with one. */
    static int leadingLength(InputStream message) throws IOException {
        byte[] head = message.readNBytes(MOST_READ);
        if (head.length < NAME.length) {
            return 0;
        }
        for (int i = 0; i < NAME.length; i++) {
            if (Character.toLowerCase(head[i]) != NAME[i]) {
                return 0;
            }
        }
        for (int i = NAME.length; i < head.length; i++) {
            if (head[i] == '\n' && (i + 1 >= head.length || head[i + 1] != ' ' && head[i + 1] != '\t')) {
                return i + 1 < head.length ? i + 1 : 0; // a message that is nothing but a Return-Path is sent as it is
            }
        }
        return 0;
    }

    /** {@code message} without its first {@code length} bytes. */
    static InputStream skip(InputStream message, int length) throws IOException {
        message.skipNBytes(length);
        return message;
    }
}
