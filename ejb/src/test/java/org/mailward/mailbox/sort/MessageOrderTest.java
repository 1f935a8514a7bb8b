package org.mailward.mailbox.sort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.mailbox.sort.Messages.minute;
import static org.mailward.mailbox.sort.Messages.view;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.connector.spi.mailbox.SortCriterion.Key;
import org.mailward.mailbox.store.MessageSummary;
import org.mailward.mailbox.store.MessageView;

/** SORT's criteria (RFC 5256 section 3, RFC 5957). */
class MessageOrderTest {

    private static final List<MessageView> MESSAGES = List.of(
            view(1, 300, new MessageSummary("Re: Lunch", "\"Zed Alpha\" <bob@example.org>", "carol@example.org", null,
                    minute(30), null, null, "")),
            view(2, 100, new MessageSummary("[team] lunch", "Amy <AMY@example.org>", "Dave <dave@example.org>, x@example.org",
                    "erin@example.org", minute(10), null, null, "")),
            view(3, 200, new MessageSummary("Budget", "carl@example.org", null, "Bea <bea@example.org>", null, null, null, "")),
            view(4, 100, new MessageSummary(null, null, "undisclosed-recipients:;", null, minute(-600), null, null, "")));

    private static long[] sort(SortCriterion... criteria) {
        return MessageOrder.sort(MESSAGES, List.of(criteria));
    }

    private static SortCriterion by(Key key) {
        return new SortCriterion(key, false);
    }

    private static SortCriterion reverse(Key key) {
        return new SortCriterion(key, true);
    }

    @Test
    void bySubjectTheBaseSubjectCaseInsensitivelyThenBySequence() {
        assertArrayEquals(new long[] {4, 3, 1, 2}, sort(by(Key.SUBJECT)), "no subject is empty and first; lunch = Lunch, then by UID");
        assertArrayEquals(new long[] {1, 2, 3, 4}, sort(reverse(Key.SUBJECT)), "REVERSE leaves ties in sequence order");
    }

    @Test
    void byDateTheSentDateFallingBackToTheInternalDate() {
        // 3 has no Date: its internal date (2026-01-01) comes before the others' sent dates in June;
        // 4 was sent ten hours before 2's and 1's.
        assertArrayEquals(new long[] {3, 4, 2, 1}, sort(by(Key.DATE)));
        assertArrayEquals(new long[] {1, 2, 4, 3}, sort(reverse(Key.DATE)));
    }

    @Test
    void byArrivalAndSize() {
        assertArrayEquals(new long[] {1, 2, 3, 4}, sort(by(Key.ARRIVAL)));
        assertArrayEquals(new long[] {2, 4, 3, 1}, sort(by(Key.SIZE)), "equal sizes by sequence");
        assertArrayEquals(new long[] {1, 3, 2, 4}, sort(reverse(Key.SIZE)));
        assertArrayEquals(new long[] {1, 3, 4, 2}, sort(reverse(Key.SIZE), reverse(Key.ARRIVAL)), "the second criterion breaks the tie");
    }

    @Test
    void byAddressTheLocalPartOfTheFirstAddressEmptyWithout() {
        assertArrayEquals(new long[] {4, 2, 1, 3}, sort(by(Key.FROM)), "none, AMY, bob, carl");
        assertArrayEquals(new long[] {3, 4, 1, 2}, sort(by(Key.TO)), "none, a group without members, carol, dave");
        assertArrayEquals(new long[] {1, 4, 3, 2}, sort(by(Key.CC)));
    }

    @Test
    void byDisplayTheNameOrElseTheAddress() {
        assertArrayEquals(new long[] {4, 2, 3, 1}, sort(by(Key.DISPLAYFROM)), "none, Amy, carl@example.org, Zed Alpha");
        assertArrayEquals(new long[] {3, 4, 1, 2}, sort(by(Key.DISPLAYTO)), "none, none, carol@example.org, Dave");
    }

    @Test
    void asciiCasemapFoldsOnlyAsciiLetters() {
        assertTrue(MessageOrder.ASCII_CASEMAP.compare("a", "B") < 0);
        assertTrue(MessageOrder.ASCII_CASEMAP.compare("abc", "ABC") == 0);
        assertTrue(MessageOrder.ASCII_CASEMAP.compare("\u00e9", "\u00c9") > 0, "é and É differ, by code point");
        assertTrue(MessageOrder.ASCII_CASEMAP.compare("\uffff", "\ud83d\ude00") < 0, "code points, as UTF-8 octets order them");
        assertTrue(MessageOrder.ASCII_CASEMAP.compare("ab", "abc") < 0);
        assertArrayEquals(new long[0], Arrays.stream(MessageOrder.sort(List.of(), List.of(by(Key.DATE)))).toArray());
    }
}
