package org.mailward.directory.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.mailward.directory.DirectoryException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    private static DirectoryException invalid(Executable call) {
        DirectoryException e = assertThrows(DirectoryException.class, call);
        assertEquals(DirectoryException.Kind.INVALID, e.kind());
        return e;
    }

    @ParameterizedTest
    @NullAndEmptySource
    void requiresAPassword(String password) {
        assertEquals("A password is required", invalid(() -> new PasswordPolicy(1, 0).check(password)).getMessage());
    }

    @Test
    void rejectsShortPasswordsNamingTheMinimum() {
        PasswordPolicy policy = new PasswordPolicy(14, 1);
        DirectoryException e = invalid(() -> policy.check("a".repeat(13)));
        assertTrue(e.getMessage().contains("at least 14"), e.getMessage());
        assertDoesNotThrow(() -> policy.check("a".repeat(14)));
    }

    @Test
    void countsCodePointsNotCharsOfUtf16() {
        PasswordPolicy policy = new PasswordPolicy(14, 1);
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String thirteen = emoji.repeat(13);
        assertEquals(26, thirteen.length());
        assertTrue(invalid(() -> policy.check(thirteen)).getMessage().contains("at least 14"));
        assertDoesNotThrow(() -> policy.check(emoji.repeat(14)));
    }

    @Test
    void defaultPolicyIsTwelveCharactersOfOneClass() {
        assertEquals(new PasswordPolicy(12, 1), PasswordPolicy.DEFAULT);
        assertDoesNotThrow(() -> PasswordPolicy.DEFAULT.check("aaaaaaaaaaaa"));
        invalid(() -> PasswordPolicy.DEFAULT.check("aaaaaaaaaaa"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "abcdefgh|1",
            "ABCDEFGH|1",
            "12345678|1",
            "!!!!????|1",
            "abcdEFGH|2",
            "abcd1234|2",
            "ABCD!!!!|2",
            "abCD1234|3",
            "ab12!!??|3",
            "aB1!aB1!|4",
            "äÖ٣€xyzz|4", // non-ASCII lower, upper, (Arabic-Indic) digit and symbol
    })
    void countsCharacterClasses(String password, int classes) {
        assertDoesNotThrow(() -> new PasswordPolicy(8, classes).check(password));
        if (classes < 4) {
            DirectoryException e = invalid(() -> new PasswordPolicy(8, classes + 1).check(password));
            assertTrue(e.getMessage().contains("at least " + (classes + 1) + " of"), e.getMessage());
        }
    }

    @Test
    void spacesAndEmojiCountAsOtherCharacters() {
        PasswordPolicy policy = new PasswordPolicy(4, 2);
        assertDoesNotThrow(() -> policy.check("abc def"));
        assertDoesNotThrow(() -> policy.check("abc\uD83D\uDE00"));
        invalid(() -> policy.check("abcdefg"));
    }

    @Test
    void lengthIsCheckedBeforeClasses() {
        DirectoryException e = invalid(() -> new PasswordPolicy(10, 4).check("short"));
        assertTrue(e.getMessage().contains("at least 10 characters"), e.getMessage());
    }
}
