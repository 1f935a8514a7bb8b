package org.mailward.web.session;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogoutServletTest {

    @Test
    void theIssuerComesFromTheTokensPayload() {
        String jwt = jwt("{\"iss\":\"http://127.0.0.1:8180/realms/mailward\",\"sub\":\"x\"}");
        assertEquals(Optional.of("http://127.0.0.1:8180/realms/mailward"), LogoutServlet.issuer(jwt));
    }

    @Test
    void aMalformedTokenGivesNoIssuer() {
        assertEquals(Optional.empty(), LogoutServlet.issuer("not-a-jwt"));
        assertEquals(Optional.empty(), LogoutServlet.issuer("a.%%%.c"));
        assertEquals(Optional.empty(), LogoutServlet.issuer(jwt("[1,2]")));
        assertEquals(Optional.empty(), LogoutServlet.issuer(jwt("{\"iss\":\"javascript:alert(1)\"}")));
        assertEquals(Optional.empty(), LogoutServlet.issuer(jwt("{\"sub\":\"x\"}")));
    }

    @Test
    void theIdTokenIsReadFromAnyContextThatOffersIt() {
        assertEquals(Optional.of("token"), LogoutServlet.idToken(new ContextWithToken()));
        assertEquals(Optional.empty(), LogoutServlet.idToken(new Object()));
        assertEquals(Optional.empty(), LogoutServlet.idToken(null));
    }

    public static class ContextWithToken {
        public String getIDTokenString() {
            return "token";
        }
    }

    private static String jwt(String payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".sig";
    }
}
