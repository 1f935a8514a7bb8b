package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.SearchKey;

/** The parts of RFC 9051's grammar the selected state reads: sequence sets, LIST patterns, FETCH items, STORE. */
class ImapGrammarTest {

    @Test
    void sequenceSetsWithRangesAndStar() throws ImapArguments.SyntaxException {
        SequenceSet set = SequenceSet.parse("1,3:5,9:*");
        assertTrue(set.contains(1, 12));
        assertFalse(set.contains(2, 12));
        assertTrue(set.contains(4, 12));
        assertTrue(set.contains(12, 12), "* is the largest number in use");
        assertArrayEquals(new long[] {1, 12}, set.bounds(12));
        assertTrue(SequenceSet.parse("5:2").contains(3, 9), "a range may be written backwards");
        assertArrayEquals(new long[] {3, 3}, SequenceSet.parse("*").bounds(3));
        for (String bad : List.of("", "0", "1,", "a", "1:2:3", "4294967296", "1::2")) {
            assertThrows(ImapArguments.SyntaxException.class, () -> SequenceSet.parse(bad), bad);
        }
    }

    @Test
    void listPatterns() {
        assertTrue(MailboxPattern.of("*").matches("Archive/2026/Q1"));
        assertTrue(MailboxPattern.of("%").matches("Archive"));
        assertFalse(MailboxPattern.of("%").matches("Archive/2026"), "% stops at the hierarchy delimiter");
        assertTrue(MailboxPattern.of("Archive/%").matches("Archive/2026"));
        assertTrue(MailboxPattern.of("inbox").matches("INBOX"), "INBOX in any case");
        assertFalse(MailboxPattern.of("a.c").matches("abc"), "no regular expression gets through");
        assertTrue(MailboxPattern.of("A*c%").matches("Abc/c"));
        long start = System.nanoTime();
        assertFalse(MailboxPattern.of("*a*a*a*a*a*a*a*a*a*b").matches("a".repeat(999)));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "wildcards cannot make a match explode");
    }

    @Test
    void fetchItemsMacrosAndSections() {
        ImapCommand.Fetch fetch = (ImapCommand.Fetch) ImapCommand.parse(
                "a FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (Subject From)] BODY[]<0.2048>)");
        assertEquals(List.of(new FetchItem.Uid(), new FetchItem.Flags(), new FetchItem.Size(), new FetchItem.InternalDate(),
                new FetchItem.Section("BODY[HEADER.FIELDS (Subject From)]", true, "", FetchItem.Part.HEADER_FIELDS,
                        List.of("Subject", "From"), -1, -1),
                new FetchItem.Section("BODY[]", false, "", FetchItem.Part.ALL, List.of(), 0, 2048)), fetch.items());
        assertEquals(List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Size()),
                ((ImapCommand.Fetch) ImapCommand.parse("a FETCH 1 FAST")).items());
        assertEquals(new FetchItem.Section("RFC822.HEADER", true, "", FetchItem.Part.HEADER, List.of(), -1, -1),
                ((ImapCommand.Fetch) ImapCommand.parse("a UID FETCH 7 RFC822.HEADER")).items().getFirst());
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("a FETCH 1 (FLAGS"));
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("a FETCH 1 BODY[]<0.0>"));
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("a FETCH 1 NONSENSE"));
        assertEquals("BODY[HEADER.FIELDS (\"X(1)\" Subject)]", ((FetchItem.Section) ((ImapCommand.Fetch) ImapCommand.parse(
                "a FETCH 1 BODY[HEADER.FIELDS (\"X(1)\" Subject)]")).items().getFirst()).name(),
                "a field name that is no atom is repeated quoted");
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("a FETCH 1 BODY[HEADER.FIELDS ({5})]",
                List.of("A\r\nB:".getBytes(java.nio.charset.StandardCharsets.US_ASCII))), "no line break through a field name");
    }

    @Test
    void storeActions() {
        ImapCommand.Store add = (ImapCommand.Store) ImapCommand.parse("a UID STORE 4 +FLAGS.SILENT (\\Seen $Label1)");
        assertTrue(add.byUid() && add.silent());
        assertEquals(FlagChange.ADD, add.change());
        assertEquals(List.of("\\Seen", "$Label1"), add.flags());
        assertArrayEquals(new long[] {4, 4}, add.messages().bounds(9));
        ImapCommand.Store clear = (ImapCommand.Store) ImapCommand.parse("b STORE 1:2 FLAGS ()");
        assertEquals(FlagChange.REPLACE, clear.change());
        assertEquals(List.of(), clear.flags());
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("c STORE 1 *FLAGS (\\Seen)"));
    }

    @Test
    void searchProgramsNestAndNameUidsThroughTheSession() throws Exception {
        SearchKey program = SearchParser.parse(new ImapArguments(" CHARSET UTF-8 (OR unseen KEYWORD $x) NOT 2:* SENTON 5-Jan-2026"),
                (set, byUid) -> new SearchKey.Uids(List.of(new long[] {byUid ? 0 : 1, set.bounds(7)[1]})));
        SearchKey.And and = (SearchKey.And) program;
        assertEquals(new SearchKey.Or(new SearchKey.Flag("\\Seen", false), new SearchKey.Flag("$x", true)), and.keys().get(0));
        SearchKey.Uids notTwoOn = (SearchKey.Uids) ((SearchKey.Not) and.keys().get(1)).key();
        assertArrayEquals(new long[] {1, 7}, notTwoOn.ranges().getFirst(), "a sequence set, resolved by the session");
        assertEquals(new SearchKey.Date(java.time.LocalDate.of(2026, 1, 5), SearchKey.Relation.ON, true), and.keys().get(2));
        assertThrows(SearchParser.UnsupportedCharset.class,
                () -> SearchParser.parse(new ImapArguments(" CHARSET BIG5 ALL"), (set, byUid) -> null));
        assertThrows(ImapArguments.SyntaxException.class,
                () -> SearchParser.parse(new ImapArguments(" SINCE 31-Foo-2026"), (set, byUid) -> null));
        assertThrows(ImapArguments.SyntaxException.class, () -> SearchParser.parse(new ImapArguments(" OR SEEN"), (set, byUid) -> null));
    }
}
