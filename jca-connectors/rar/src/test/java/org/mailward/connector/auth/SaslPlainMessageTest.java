package org.mailward.connector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SaslPlainMessageTest {

    private static Optional<SaslPlainMessage> decode(String message) {
        return SaslPlainMessage.decode(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheThreeParts() {
        assertEquals(Optional.of(new SaslPlainMessage("", "alice", "secret")), decode("\0alice\0secret"));
        assertEquals(Optional.of(new SaslPlainMessage("bob", "alice", "pa ss")), decode("bob\0alice\0pa ss"));
    }

    @Test
    void decodesUtf8() {
        assertEquals(Optional.of(new SaslPlainMessage("", "j\u00fcrgen@example.org", "gr\u00fc\u00df\u20ac")),
                decode("\0j\u00fcrgen@example.org\0gr\u00fc\u00df\u20ac"));
    }

    @Test
    void rejectsMalformedMessages() {
        assertEquals(Optional.empty(), decode(""));
        assertEquals(Optional.empty(), decode("alice"));
        assertEquals(Optional.empty(), decode("\0alice"));
        assertEquals(Optional.empty(), decode("\0alice\0"));
        assertEquals(Optional.empty(), decode("\0\0secret"));
        assertEquals(Optional.empty(), decode("\0alice\0sec\0ret"));
        assertEquals(Optional.empty(), SaslPlainMessage.decode(new byte[] {0, 'a', 0, (byte) 0xC3, 0x28}));
    }

    @Test
    void proxyAuthorizationIsAnAuthzidOtherThanTheAuthcid() {
        assertFalse(new SaslPlainMessage("", "alice", "x").requestsOtherIdentity());
        assertFalse(new SaslPlainMessage("alice", "alice", "x").requestsOtherIdentity());
        assertTrue(new SaslPlainMessage("bob", "alice", "x").requestsOtherIdentity());
    }

    @Test
    void neverPrintsThePassword() {
        assertFalse(new SaslPlainMessage("", "alice", "secret").toString().contains("secret"));
        assertFalse(new Credentials("alice", "secret").toString().contains("secret"));
    }
}
