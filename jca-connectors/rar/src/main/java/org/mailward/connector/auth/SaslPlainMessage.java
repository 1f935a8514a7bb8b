package org.mailward.connector.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one message of the SASL PLAIN mechanism (RFC 4616 section 2):
 * {@code [authzid] NUL authcid NUL passwd}, UTF-8, with a non-empty authcid and passwd.
 *
 * @param authzid the identity to act as; empty when the client asks for none
 */
public record SaslPlainMessage(String authzid, String authcid, String password) {

    /** The message decoded, or empty when it is not well-formed. */
    public static Optional<SaslPlainMessage> decode(byte[] message) {
        int first = indexOfNul(message, 0);
        int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (second < 0 || indexOfNul(message, second + 1) >= 0) {
            return Optional.empty();
        }
        Optional<String> authzid = utf8(message, 0, first);
        Optional<String> authcid = utf8(message, first + 1, second);
        Optional<String> password = utf8(message, second + 1, message.length);
        if (authzid.isEmpty() || authcid.isEmpty() || password.isEmpty()
                || authcid.get().isEmpty() || password.get().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SaslPlainMessage(authzid.get(), authcid.get(), password.get()));
    }

    /** Whether the client asks to act as someone other than itself (proxy authorization). */
    public boolean requestsOtherIdentity() {
        return !authzid.isEmpty() && !authzid.equals(authcid);
    }

    @Override
    public String toString() {
        return "SaslPlainMessage[" + authzid + ", " + authcid + "]";
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Strict UTF-8: malformed input is a malformed message, not replacement characters. */
    static Optional<String> utf8(byte[] bytes, int from, int to) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, from, to - from)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
