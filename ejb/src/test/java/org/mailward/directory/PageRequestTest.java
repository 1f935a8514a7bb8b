package org.mailward.directory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageRequestTest {

    @Test
    void defaultsToTheFirstFiftyOfEverything() {
        PageRequest page = PageRequest.of(null, null, null);
        assertEquals(0, page.offset());
        assertEquals(PageRequest.DEFAULT_LIMIT, page.limit());
        assertEquals(50, page.limit());
        assertEquals("", page.search());
        assertEquals("%%", page.likePattern());
    }

    @Test
    void keepsGivenValues() {
        PageRequest page = PageRequest.of(100, 500, "bob");
        assertEquals(100, page.offset());
        assertEquals(500, page.limit());
        assertEquals("bob", page.search());
    }

    @ParameterizedTest
    @CsvSource({"-1, 50", "0, 0", "0, -5", "0, 501", "-1, 0"})
    void rejectsOutOfBoundsPages(int offset, int limit) {
        DirectoryException e = assertThrows(DirectoryException.class, () -> PageRequest.of(offset, limit, null));
        assertEquals(DirectoryException.Kind.INVALID, e.kind());
        assertTrue(e.getMessage().contains("between 1 and 500"), e.getMessage());
    }

    @Test
    void acceptsTheBounds() {
        assertEquals(1, new PageRequest(0, 1, "").limit());
        assertEquals(500, new PageRequest(0, 500, "").limit());
    }

    @Test
    void trimsAndLowerCasesTheSearch() {
        assertEquals("alice smith", PageRequest.of(null, null, "  Alice SMITH \t").search());
        assertEquals("", PageRequest.of(null, null, "   ").search());
        assertEquals("%alice%", PageRequest.of(null, null, " ALICE ").likePattern());
    }

    @Test
    void escapesLikeWildcards() {
        assertEquals("%100\\%%", PageRequest.of(null, null, "100%").likePattern());
        assertEquals("%a\\_b%", PageRequest.of(null, null, "a_b").likePattern());
        assertEquals("%a\\\\b%", PageRequest.of(null, null, "a\\b").likePattern());
        // the backslash is escaped first, so the escapes added for % and _ are not doubled
        assertEquals("%\\\\\\%\\_%", PageRequest.of(null, null, "\\%_").likePattern());
    }
}
