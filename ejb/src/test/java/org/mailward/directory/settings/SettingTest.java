package org.mailward.directory.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailward.directory.DirectoryException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.directory.settings.Setting.*;

class SettingTest {

    private static DirectoryException invalid(Executable call) {
        DirectoryException e = assertThrows(DirectoryException.class, call);
        assertEquals(DirectoryException.Kind.INVALID, e.kind());
        return e;
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void everyDefaultIsValidAndStoredAsIs(Setting setting) {
        assertEquals(setting.defaultValue(), setting.validate(setting.defaultValue()));
    }

    @ParameterizedTest
    @EnumSource(Setting.class)
    void nullIsInvalidAndNamesTheKey(Setting setting) {
        assertEquals(setting.key() + " needs a value", invalid(() -> setting.validate(null)).getMessage());
    }

    @Test
    void booleans() {
        assertEquals("true", LOGIN_PLAINTEXT_ALLOWED.validate("true"));
        assertEquals("false", LOGIN_PLAINTEXT_ALLOWED.validate(" false "));
        for (String value : new String[] {"TRUE", "yes", "1", "", "on"}) {
            assertEquals("The value must be true or false",
                    invalid(() -> LOGIN_PLAINTEXT_ALLOWED.validate(value)).getMessage(), value);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "LOGIN_CACHE_SECONDS, 0, 60",
            "IDS_MAX_FAILED_LOGINS, 1, 10000",
            "IDS_WINDOW_SECONDS, 1, 86400",
            "IDS_BLOCK_SECONDS, 1, 31536000",
            "IMAP_EXPUNGED_RETENTION_DAYS, 0, 3650",
            "SEARCH_EXTRACT_TIMEOUT_SECONDS, 1, 120",
    })
    void numberRanges(Setting setting, int min, int max) {
        assertEquals(Integer.toString(min), setting.validate(Integer.toString(min)));
        assertEquals(Integer.toString(max), setting.validate(" " + max + " "));
        String message = "The value must be a whole number from " + min + " to " + max;
        for (String value : new String[] {Integer.toString(min - 1), Integer.toString(max + 1), "", "ten",
                "1.5", "1e3", "99999999999", "0x10", "5 s"}) {
            assertEquals(message, invalid(() -> setting.validate(value)).getMessage(), value);
        }
    }

    @Test
    void numbersAreStoredInCanonicalForm() {
        assertEquals("7", LOGIN_CACHE_SECONDS.validate("007"));
        assertEquals("7", LOGIN_CACHE_SECONDS.validate("+7"));
    }

    @Test
    void defaultDomain() {
        assertEquals("", LOGIN_DEFAULT_DOMAIN.validate(""));
        assertEquals("", LOGIN_DEFAULT_DOMAIN.validate("   "));
        assertEquals("example.com", LOGIN_DEFAULT_DOMAIN.validate(" Example.COM "));
        assertEquals("xn--bcher-kva.example", LOGIN_DEFAULT_DOMAIN.validate("bücher.example"));
        assertTrue(invalid(() -> LOGIN_DEFAULT_DOMAIN.validate("localhost")).getMessage().contains("'localhost'"));
        invalid(() -> LOGIN_DEFAULT_DOMAIN.validate("-bad.example"));
    }

    @ParameterizedTest
    @CsvSource({"en, en", "de-CH, de-CH", "DE-ch, de-CH", "fr, fr", "zh-Hant-TW, zh-Hant-TW", "' de-CH ', de-CH"})
    void languageTags(String input, String stored) {
        assertEquals(stored, UI_LANGUAGE.validate(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"de_CH", "not a language", "123", "e", "en--US", "en-", "toolonglanguage", ""})
    void garbageLanguageTagsAreInvalid(String value) {
        DirectoryException e = invalid(() -> UI_LANGUAGE.validate(value));
        assertTrue(e.getMessage().contains("is not a language tag such as en or de-CH"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"UTC, UTC", "Europe/Berlin, Europe/Berlin", "America/New_York, America/New_York",
            "' Europe/Zurich ', Europe/Zurich", "+02:00, +02:00"})
    void timeZones(String input, String stored) {
        assertEquals(stored, UI_TIME_ZONE.validate(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Nowhere", "berlin", "europe/berlin", "", "+25:00", "Mars/Olympus_Mons"})
    void unknownTimeZonesAreInvalid(String value) {
        DirectoryException e = invalid(() -> UI_TIME_ZONE.validate(value));
        assertTrue(e.getMessage().contains("is not a time zone such as Europe/Berlin"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"UI_LANGUAGE", "UI_TIME_ZONE", "POP3_RETR_MARKS_SEEN",
            "OUTBOUND_USER_MESSAGES_PER_HOUR", "OUTBOUND_USER_MB_PER_HOUR", "OUTBOUND_RELAY_HOST", "OUTBOUND_RELAY_USERNAME",
            "OUTBOUND_RELAY_PASSWORD", "OUTBOUND_RELAY_TLS"}, mode = EnumSource.Mode.EXCLUDE)
    void systemSettingsAreSettableOnlyAtSystemLevel(Setting setting) {
        assertTrue(setting.settableAt(Level.SYSTEM));
        assertFalse(setting.settableAt(Level.DOMAIN));
        assertFalse(setting.settableAt(Level.ACCOUNT));
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"UI_LANGUAGE", "UI_TIME_ZONE", "POP3_RETR_MARKS_SEEN"})
    void userSettingsAreSettableAtEveryLevel(Setting setting) {
        for (Level level : Level.values()) {
            assertTrue(setting.settableAt(level), level.name());
        }
    }

    @Test
    void byKey() {
        assertEquals(Optional.of(UI_LANGUAGE), Setting.byKey("ui.language"));
        assertEquals(Optional.of(IDS_BLOCK_SECONDS), Setting.byKey("ids.block-seconds"));
        for (Setting setting : Setting.values()) {
            assertEquals(Optional.of(setting), Setting.byKey(setting.key()));
        }
        assertEquals(Optional.empty(), Setting.byKey("UI.LANGUAGE"));
        assertEquals(Optional.empty(), Setting.byKey("ui.colour"));
        assertEquals(Optional.empty(), Setting.byKey(""));
        assertEquals(Optional.empty(), Setting.byKey(null));
    }

    @Test
    void defaults() {
        assertEquals("false", LOGIN_PLAINTEXT_ALLOWED.defaultValue());
        assertEquals("60", LOGIN_CACHE_SECONDS.defaultValue());
        assertEquals("", LOGIN_DEFAULT_DOMAIN.defaultValue());
        assertDoesNotThrow(() -> UI_TIME_ZONE.validate(UI_TIME_ZONE.defaultValue()));
    }

    @ParameterizedTest
    @EnumSource(value = Setting.class, names = {"OUTBOUND_RELAY_HOST", "OUTBOUND_RELAY_USERNAME", "OUTBOUND_RELAY_PASSWORD",
            "OUTBOUND_RELAY_TLS", "OUTBOUND_USER_MESSAGES_PER_HOUR", "OUTBOUND_USER_MB_PER_HOUR"})
    void smartHostAndUserThrottlesAreSetForTheSystemOrADomainNeverByAUser(Setting setting) {
        assertTrue(setting.settableAt(Level.SYSTEM));
        assertTrue(setting.settableAt(Level.DOMAIN));
        assertFalse(setting.settableAt(Level.ACCOUNT));
        assertEquals(setting.name().startsWith("OUTBOUND_RELAY_"), setting.systemAdminOnly());
    }

    @Test
    void outboundDurationsAreWholeNumbersWithAUnit() {
        assertEquals(Duration.ofDays(4), duration(OUTBOUND_LIFETIME.defaultValue()));
        assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Duration.ofHours(1)), durations(OUTBOUND_RETRY_SCHEDULE.defaultValue()));
        assertEquals("2s,1m", OUTBOUND_RETRY_SCHEDULE.validate(" 2s, 1m "));
        assertEquals("0", OUTBOUND_DELAY_WARNING.validate("0"));
        assertEquals("4h", OUTBOUND_DELAY_WARNING.validate("4h"));
        invalid(() -> OUTBOUND_RETRY_SCHEDULE.validate("0s"));
        invalid(() -> OUTBOUND_RETRY_SCHEDULE.validate("1m,,5m"));
        invalid(() -> OUTBOUND_RETRY_SCHEDULE.validate("8d"));
        invalid(() -> OUTBOUND_LIFETIME.validate("0"));
        invalid(() -> OUTBOUND_LIFETIME.validate("31d"));
        invalid(() -> OUTBOUND_LIFETIME.validate("4 days"));
        invalid(() -> OUTBOUND_LIFETIME.validate("-1h"));
    }

    @Test
    void outboundAddressesAreCheckedWithoutAskingDns() {
        assertEquals("smtp.example.com:587", OUTBOUND_RELAY_HOST.validate("smtp.example.com:587"));
        assertEquals(new HostAndPort("smtp.example.com", 25), HostAndPort.parse("smtp.example.com", 25));
        assertEquals(new HostAndPort("192.0.2.7", 465), HostAndPort.parse("192.0.2.7:465", 25));
        assertEquals(new HostAndPort("2001:db8::1", 587), HostAndPort.parse("[2001:db8::1]:587", 25));
        invalid(() -> OUTBOUND_RELAY_HOST.validate("smtp.example.com:0"));
        invalid(() -> OUTBOUND_RELAY_HOST.validate("smtp example.com"));
        invalid(() -> OUTBOUND_RELAY_HOST.validate("[smtp.example.com]:25"));
        assertEquals("10.0.0.5", OUTBOUND_BIND_ADDRESS.validate("10.0.0.5"));
        assertEquals("2001:db8::5", OUTBOUND_BIND_ADDRESS.validate("2001:db8::5"));
        invalid(() -> OUTBOUND_BIND_ADDRESS.validate("mail.example.com"));
        invalid(() -> OUTBOUND_BIND_ADDRESS.validate("999.1.1.1"));
        invalid(() -> OUTBOUND_BIND_ADDRESS.validate("mail.example.com:25"));
        invalid(() -> OUTBOUND_BIND_ADDRESS.validate("ab:cd"));
        invalid(() -> OUTBOUND_TLS.validate("sometimes"));
        assertTrue(OUTBOUND_RELAY_PASSWORD.secret());
        assertFalse(OUTBOUND_RELAY_USERNAME.secret());
    }
}
