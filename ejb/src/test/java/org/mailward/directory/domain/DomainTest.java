package org.mailward.directory.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailward.directory.DirectoryException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainTest {

    private static DirectoryException invalid(Executable call) {
        DirectoryException e = assertThrows(DirectoryException.class, call);
        assertEquals(DirectoryException.Kind.INVALID, e.kind());
        return e;
    }

    @Test
    void newDomainsHaveGenerousDefaults() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Domain domain = new Domain("example.com");
        Instant after = Instant.now();

        assertEquals("example.com", domain.name());
        assertNull(domain.id());
        assertNull(domain.hostname());
        assertTrue(domain.enabled());
        assertEquals(new Limits(0L, 0, 0, 0, 0, 0), domain.limits());
        assertEquals(new Features(true, true, true, true, true, true, true, true, true), domain.features());
        assertEquals(new Throttling(0, 0, "delay"), domain.throttling());
        assertEquals(new PasswordPolicy(12, 1), domain.passwordPolicy());
        assertFalse(domain.createdAt().isBefore(before));
        assertFalse(domain.createdAt().isAfter(after));
        assertEquals(0, domain.createdAt().getNano() % 1000, "stored with microsecond precision");
    }

    @Test
    void enabledAndHostnameCanBeChanged() {
        Domain domain = new Domain("example.com");
        domain.enabled(false);
        domain.hostname("mail.example.com");
        assertFalse(domain.enabled());
        assertEquals("mail.example.com", domain.hostname());
    }

    @Test
    void limitsArePartiallyUpdated() {
        Domain domain = new Domain("example.com");
        domain.limits(new Limits(1024L, null, null, null, null, 50));
        assertEquals(new Limits(1024L, 0, 0, 0, 0, 50), domain.limits());

        domain.limits(new Limits(null, 10, 20, 30, 40, null));
        assertEquals(new Limits(1024L, 10, 20, 30, 40, 50), domain.limits());

        domain.limits(new Limits(null, null, null, null, null, null));
        assertEquals(new Limits(1024L, 10, 20, 30, 40, 50), domain.limits());

        domain.limits(new Limits(0L, 0, null, null, null, null));
        assertEquals(new Limits(0L, 0, 20, 30, 40, 50), domain.limits());
    }

    @Test
    void largeDiskSpaceFitsInALong() {
        Domain domain = new Domain("example.com");
        domain.limits(new Limits(10_000_000_000L, null, null, null, null, null));
        assertEquals(10_000_000_000L, domain.limits().diskSpaceMb());
    }

    @ParameterizedTest
    @CsvSource({
            "0, diskSpaceMb", "1, maxUsers", "2, maxUserAliases",
            "3, maxDomainAliases", "4, maxMessageSizeKb", "5, maxRecipients",
    })
    void negativeLimitsAreInvalid(int which, String name) {
        Domain domain = new Domain("example.com");
        Limits negative = new Limits(which == 0 ? -1L : null, which == 1 ? -1 : null, which == 2 ? -1 : null,
                which == 3 ? -1 : null, which == 4 ? -1 : null, which == 5 ? -1 : null);
        DirectoryException e = invalid(() -> domain.limits(negative));
        assertEquals(name + " must be 0 (unlimited) or more", e.getMessage());
    }

    @Test
    void featuresArePartiallyUpdated() {
        Domain domain = new Domain("example.com");
        domain.features(new Features(false, null, null, null, false, null, null, null, false));
        assertEquals(new Features(false, true, true, true, false, true, true, true, false), domain.features());

        domain.features(new Features(null, null, null, null, null, null, null, null, null));
        assertEquals(new Features(false, true, true, true, false, true, true, true, false), domain.features());

        domain.features(new Features(true, false, false, false, null, false, false, false, null));
        assertEquals(new Features(true, false, false, false, false, false, false, false, false), domain.features());
    }

    @Test
    void throttlingIsPartiallyUpdated() {
        Domain domain = new Domain("example.com");
        domain.throttling(new Throttling(100, null, null));
        assertEquals(new Throttling(100, 0, "delay"), domain.throttling());

        domain.throttling(new Throttling(null, 25, "reject"));
        assertEquals(new Throttling(100, 25, "reject"), domain.throttling());

        domain.throttling(new Throttling(null, null, null));
        assertEquals(new Throttling(100, 25, "reject"), domain.throttling());

        domain.throttling(new Throttling(null, null, "delay"));
        assertEquals(new Throttling(100, 25, "delay"), domain.throttling());
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop", "Reject", "DELAY", "", " delay"})
    void unknownThrottleActionsAreInvalid(String action) {
        Domain domain = new Domain("example.com");
        DirectoryException e = invalid(() -> domain.throttling(new Throttling(5, 5, action)));
        assertTrue(e.getMessage().startsWith("throttling.action must be one of"), e.getMessage());
        assertTrue(e.getMessage().contains("delay") && e.getMessage().contains("reject"), e.getMessage());
        assertEquals(new Throttling(0, 0, "delay"), domain.throttling(), "nothing changed");
    }

    @Test
    void negativeThrottlesAreInvalid() {
        Domain domain = new Domain("example.com");
        assertEquals("throttling.messagesPerHour must be 0 (unlimited) or more",
                invalid(() -> domain.throttling(new Throttling(-1, null, null))).getMessage());
        assertEquals("throttling.mbPerHour must be 0 (unlimited) or more",
                invalid(() -> domain.throttling(new Throttling(null, -1, null))).getMessage());
    }

    @Test
    void passwordPolicyIsPartiallyUpdated() {
        Domain domain = new Domain("example.com");
        domain.passwordPolicy(new PasswordPolicy(20, null));
        assertEquals(new PasswordPolicy(20, 1), domain.passwordPolicy());

        domain.passwordPolicy(new PasswordPolicy(null, 3));
        assertEquals(new PasswordPolicy(20, 3), domain.passwordPolicy());

        domain.passwordPolicy(new PasswordPolicy(null, null));
        assertEquals(new PasswordPolicy(20, 3), domain.passwordPolicy());
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "128, 4", "12, 1"})
    void passwordPolicyBoundsAreAccepted(int minLength, int minClasses) {
        Domain domain = new Domain("example.com");
        domain.passwordPolicy(new PasswordPolicy(minLength, minClasses));
        assertEquals(new PasswordPolicy(minLength, minClasses), domain.passwordPolicy());
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "-1, 1", "129, 1", "12, -1", "12, 5"})
    void passwordPolicyOutOfBoundsIsInvalid(int minLength, int minClasses) {
        Domain domain = new Domain("example.com");
        DirectoryException e = invalid(() -> domain.passwordPolicy(new PasswordPolicy(minLength, minClasses)));
        assertEquals("passwordPolicy.minLength must be 1 to 128 and minClasses 0 to 4", e.getMessage());
        assertEquals(new PasswordPolicy(12, 1), domain.passwordPolicy(), "nothing changed");
    }

    @Test
    void theStoredPolicyIsTheOneChecked() {
        Domain domain = new Domain("example.com");
        domain.passwordPolicy(new PasswordPolicy(14, 2));
        DirectoryException e = invalid(() -> domain.passwordPolicy().check("Short1"));
        assertTrue(e.getMessage().contains("at least 14"), e.getMessage());
    }
}
