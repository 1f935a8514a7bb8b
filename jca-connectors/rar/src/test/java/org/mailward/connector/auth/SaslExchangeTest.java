package org.mailward.connector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.testing.SaslFixtures.base64;
import static org.mailward.connector.testing.SaslFixtures.plain;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SaslExchangeTest {

    private static final Set<SaslExchange.Mechanism> BOTH = EnumSet.allOf(SaslExchange.Mechanism.class);
    private static final SaslStep ALICE = new SaslStep.Verify(new Credentials("alice", "secret"));

    private static SaslExchange exchange(String mechanism) {
        return SaslExchange.of(mechanism, BOTH).orElseThrow();
    }

    @Test
    void offersOnlyTheGivenMechanismsCaseInsensitively() {
        assertTrue(SaslExchange.of("plain", Set.of(SaslExchange.Mechanism.PLAIN)).isPresent());
        assertTrue(SaslExchange.of("LOGIN", Set.of(SaslExchange.Mechanism.PLAIN)).isEmpty());
        assertTrue(SaslExchange.of("CRAM-MD5", BOTH).isEmpty());
    }

    @Test
    void plainWithAnInitialResponse() {
        assertEquals(ALICE, exchange("PLAIN").start(plain("alice", "secret")));
        assertEquals(ALICE, exchange("PLAIN").start(plain("alice", "alice", "secret")));
    }

    @Test
    void plainWithAnEmptyChallenge() {
        SaslExchange exchange = exchange("PLAIN");

        assertEquals(new SaslStep.Challenge(""), exchange.start(null));
        assertEquals(ALICE, exchange.respond(plain("alice", "secret")));
    }

    @Test
    void loginAsksForTheUsernameThenThePassword() {
        SaslExchange exchange = exchange("LOGIN");

        assertEquals(new SaslStep.Challenge("VXNlcm5hbWU6"), exchange.start(null));
        assertEquals(new SaslStep.Challenge("UGFzc3dvcmQ6"), exchange.respond(base64("alice")));
        assertEquals(ALICE, exchange.respond(base64("secret")));
    }

    @Test
    void loginTakesTheUsernameAsInitialResponse() {
        SaslExchange exchange = exchange("LOGIN");

        assertEquals(new SaslStep.Challenge("UGFzc3dvcmQ6"), exchange.start(base64("alice")));
        assertEquals(ALICE, exchange.respond(base64("secret")));
    }

    @Test
    void aStarCancels() {
        SaslExchange exchange = exchange("PLAIN");
        exchange.start(null);

        assertEquals(new SaslStep.Cancelled(), exchange.respond("*"));
    }

    @Test
    void badBase64IsReported() {
        assertEquals(new SaslStep.NotBase64(), exchange("PLAIN").start("not base64!"));
        assertEquals(new SaslStep.NotBase64(), exchange("PLAIN").respond("AG=FsaWNl"));
        assertEquals(new SaslStep.NotBase64(), exchange("LOGIN").respond("*x"));
    }

    @Test
    void malformedMessagesAreReported() {
        assertEquals(new SaslStep.Malformed(), exchange("PLAIN").start("="));
        assertEquals(new SaslStep.Malformed(), exchange("PLAIN").respond(""));
        assertEquals(new SaslStep.Malformed(), exchange("PLAIN").respond(base64("alice secret")));
        assertEquals(new SaslStep.Malformed(), exchange("LOGIN").start("="));
    }

    @Test
    void proxyAuthorizationIsRefused() {
        assertEquals(new SaslStep.OtherIdentity(), exchange("PLAIN").start(plain("admin", "alice", "secret")));
    }
}
