package org.mailward.security.login;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedLoginsTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    private final VerifiedLogins logins = new VerifiedLogins();

    @Test
    void matchesTheRememberedPasswordOnly() {
        logins.remember("alice@example.com", "correct horse", MINUTE);
        assertTrue(logins.matches("alice@example.com", "correct horse", MINUTE));
        assertFalse(logins.matches("alice@example.com", "Correct horse", MINUTE));
        assertFalse(logins.matches("alice@example.com", "correct horse ", MINUTE));
        assertFalse(logins.matches("alice@example.com", "", MINUTE));
    }

    @Test
    void unknownAccountsNeverMatch() {
        assertFalse(logins.matches("nobody@example.com", "anything", MINUTE));
        logins.remember("alice@example.com", "secret", MINUTE);
        assertFalse(logins.matches("bob@example.com", "secret", MINUTE));
    }

    @Test
    void rememberingAgainReplacesThePassword() {
        logins.remember("alice@example.com", "old", MINUTE);
        logins.remember("alice@example.com", "new", MINUTE);
        assertTrue(logins.matches("alice@example.com", "new", MINUTE));
        assertFalse(logins.matches("alice@example.com", "old", MINUTE));
    }

    @Test
    void entriesOlderThanTheMaxAgeDoNotMatch() throws InterruptedException {
        logins.remember("alice@example.com", "secret", MINUTE);
        assertFalse(logins.matches("alice@example.com", "secret", Duration.ofSeconds(-1)));
        Thread.sleep(5);
        assertFalse(logins.matches("alice@example.com", "secret", Duration.ofMillis(1)));
        assertFalse(logins.matches("alice@example.com", "secret", Duration.ZERO));
        assertTrue(logins.matches("alice@example.com", "secret", MINUTE), "a longer max age still matches");
    }

    @Test
    void forgetDropsTheEntry() {
        logins.remember("alice@example.com", "secret", MINUTE);
        logins.remember("bob@example.com", "secret", MINUTE);
        logins.forget("alice@example.com");
        assertFalse(logins.matches("alice@example.com", "secret", MINUTE));
        assertTrue(logins.matches("bob@example.com", "secret", MINUTE));
        logins.forget("never-seen@example.com");
    }

    @Test
    void aZeroMaxAgeStoresNothing() {
        logins.remember("alice@example.com", "secret", Duration.ZERO);
        assertFalse(logins.matches("alice@example.com", "secret", MINUTE));
    }
}
