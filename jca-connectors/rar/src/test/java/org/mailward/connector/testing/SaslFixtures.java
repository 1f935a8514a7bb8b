package org.mailward.connector.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Client-side SASL responses, base64-encoded as they travel on the wire. */
public final class SaslFixtures {

    private SaslFixtures() {
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A PLAIN message (RFC 4616) without an authorization identity. */
    public static String plain(String username, String password) {
        return plain("", username, password);
    }

    public static String plain(String authzid, String username, String password) {
        return base64(authzid + "\0" + username + "\0" + password);
    }
}
