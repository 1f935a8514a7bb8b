package org.mailward.directory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {

    private static DirectoryException invalid(Executable call) {
        DirectoryException e = assertThrows(DirectoryException.class, call);
        assertEquals(DirectoryException.Kind.INVALID, e.kind());
        return e;
    }

    // --- domains -------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            "example.com|example.com",
            "EXAMPLE.Com|example.com",
            "mail.sub.example.org|mail.sub.example.org",
            "bücher.example|xn--bcher-kva.example",
            "BÜCHER.Example|xn--bcher-kva.example",
            "example.com   |example.com",
            "  example.com|example.com",
            "a-b.example|a-b.example",
            "123.example|123.example",
    })
    void normalisesDomains(String input, String stored) {
        assertEquals(stored, Addresses.domain(input));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void requiresADomain(String name) {
        assertEquals("A domain name is required", invalid(() -> Addresses.domain(name)).getMessage());
    }

    @Test
    void rejectsSingleLabelNames() {
        DirectoryException e = invalid(() -> Addresses.domain("localhost"));
        assertTrue(e.getMessage().contains("'localhost'"), e.getMessage());
        assertTrue(e.getMessage().contains("at least two labels"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "-example.com", "example-.com", "example.-com", "example.com-",
            "exa mple.com", "example .com", "example. com",
            "example..com", ".example.com", "example.com.",
            "ex_ample.com", "exa@mple.com", "example.c*m",
    })
    void rejectsMalformedDomains(String name) {
        DirectoryException e = invalid(() -> Addresses.domain(name));
        assertTrue(e.getMessage().contains("is not a valid domain name"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void acceptsLabelsOfSixtyThreeButNotSixtyFourCharacters() {
        String label63 = "a".repeat(63);
        assertEquals(label63 + ".example", Addresses.domain(label63 + ".example"));
        invalid(() -> Addresses.domain("a".repeat(64) + ".example"));
        invalid(() -> Addresses.domain("example." + "b".repeat(64)));
    }

    @Test
    void acceptsNamesOf253ButNot254Characters() {
        String label = "a".repeat(63);
        String name253 = label + "." + label + "." + label + "." + "b".repeat(61);
        assertEquals(253, name253.length());
        assertEquals(name253, Addresses.domain(name253));

        String name254 = label + "." + label + "." + label + "." + "b".repeat(62);
        assertEquals(254, name254.length());
        invalid(() -> Addresses.domain(name254));
    }

    // --- local parts ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '§', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
            "alice§alice",
            "Alice§alice",
            "ALICE.SMITH§alice.smith",
            "alice+tag§alice+tag",
            "a.b.c§a.b.c",
            "O'Brien§o'brien",
            "x!#$%&*/=?^_`{|}~-y§x!#$%&*/=?^_`{|}~-y",
            "  alice  §alice",
    })
    void normalisesLocalParts(String input, String stored) {
        assertEquals(stored, Addresses.localPart(input));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void requiresALocalPart(String localPart) {
        DirectoryException e = invalid(() -> Addresses.localPart(localPart));
        assertTrue(e.getMessage().contains("local part"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ".alice", "alice.", "al..ice", ".", "al ice", "\"alice\"", "\"al ice\"",
            "al\"ice", "a(b)", "a,b", "a;b", "a:b", "a<b>", "a[b]", "a\\b", "a@b",
    })
    void rejectsMalformedLocalParts(String localPart) {
        DirectoryException e = invalid(() -> Addresses.localPart(localPart));
        assertEquals("'" + localPart + "' is not a valid local part", e.getMessage());
    }

    @Test
    void limitsLocalPartsToSixtyFourCharacters() {
        assertEquals("a".repeat(64), Addresses.localPart("A".repeat(64)));
        invalid(() -> Addresses.localPart("a".repeat(65)));
        assertEquals("a".repeat(64), Addresses.localPart(" " + "a".repeat(64) + " "));
    }

    // --- addresses -----------------------------------------------------------------------------

    @Test
    void normalisesBothHalves() {
        assertEquals("alice.smith@example.com", Addresses.address("Alice.Smith@Example.COM"));
        assertEquals("jo@xn--bcher-kva.example", Addresses.address("Jo@Bücher.example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice.example.com", "", "@example.com", "alice@", "@"})
    void rejectsAddressesWithoutTwoHalves(String address) {
        DirectoryException e = invalid(() -> Addresses.address(address));
        assertTrue(e.getMessage().contains("user@domain"), e.getMessage());
    }

    @Test
    void requiresAnAddress() {
        assertEquals("An address is required", invalid(() -> Addresses.address(null)).getMessage());
    }

    @Test
    void theLastAtSignSplits() {
        DirectoryException e = invalid(() -> Addresses.address("a@b@example.com"));
        assertEquals("'a@b' is not a valid local part", e.getMessage());

        e = invalid(() -> Addresses.address("alice@example.com@"));
        assertTrue(e.getMessage().contains("user@domain"), e.getMessage());
    }

    @Test
    void rejectsBadHalves() {
        assertTrue(invalid(() -> Addresses.address("al..ice@example.com")).getMessage().contains("local part"));
        assertTrue(invalid(() -> Addresses.address("alice@localhost")).getMessage().contains("domain name"));
    }

    @Test
    void splitsStoredAddressesAtTheLastAt() {
        assertEquals("alice", Addresses.localPartOf("alice@example.com"));
        assertEquals("example.com", Addresses.domainOf("alice@example.com"));
    }
}
