package org.mailward.connector.spi.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class UidRangesTest {

    @Test
    void uidsInAnyOrderBecomeJoinedRanges() {
        assertEquals("1:3,5,9:10", UidRanges.of(10, 2, 1, 3, 5, 9, 2).toString());
        assertEquals("", UidRanges.of().toString());
        assertTrue(UidRanges.of(List.of()).isEmpty());
        assertEquals("2:9,12", UidRanges.ofRanges(List.of(new long[] {12, 12}, new long[] {4, 9}, new long[] {2, 5})).toString());
        assertEquals(UidRanges.range(1, 4), UidRanges.of(4, 3, 2, 1));
    }

    @Test
    void containsLooksInsideAndOnTheBounds() {
        UidRanges set = UidRanges.of(1, 2, 3, 7, 10, 11);
        for (long uid : new long[] {1, 2, 3, 7, 10, 11}) {
            assertTrue(set.contains(uid), "contains " + uid);
        }
        for (long uid : new long[] {0, 4, 6, 8, 9, 12}) {
            assertFalse(set.contains(uid), "does not contain " + uid);
        }
        assertTrue(UidRanges.ALL.contains(Long.MAX_VALUE));
    }

    @Test
    void intersectKeepsWhatBothHave() {
        UidRanges set = UidRanges.ofRanges(List.of(new long[] {1, 10}, new long[] {20, 30}));
        assertEquals("5:10,20:22", set.intersect(UidRanges.range(5, 22)).toString());
        assertEquals("3,25", set.intersect(UidRanges.of(3, 15, 25, 31)).toString());
        assertEquals(set, set.intersect(UidRanges.ALL));
        assertTrue(set.intersect(UidRanges.NONE).isEmpty());
    }

    @Test
    void withoutCutsRangesApart() {
        UidRanges set = UidRanges.ofRanges(List.of(new long[] {1, 10}, new long[] {20, 30}));
        assertEquals("1:2,4:9,20:24,26:30", set.without(UidRanges.of(3, 10, 15, 25)).toString());
        assertEquals("1:4", set.without(UidRanges.range(5, 40)).toString(), "one range of the other covering the ends of two");
        assertEquals("10,20", set.without(UidRanges.ofRanges(List.of(new long[] {1, 9}, new long[] {21, 30}))).toString());
        assertTrue(set.without(UidRanges.ALL).isEmpty());
        assertEquals(set, set.without(UidRanges.NONE));
        assertEquals("5:" + Long.MAX_VALUE, UidRanges.ALL.without(UidRanges.range(1, 4)).toString());
    }

    @Test
    void missingIsTheComplementOfWhatIsShownUpToTheLast() {
        UidRanges.Missing missing = new UidRanges.Missing(12);
        for (long uid : new long[] {2, 3, 7, 12}) {
            missing.present(uid);
        }
        assertEquals("1,4:6,8:11", missing.build().toString());

        UidRanges.Missing tail = new UidRanges.Missing(9);
        tail.present(1);
        tail.present(4);
        tail.present(15); // arrived after UIDNEXT was read: above last, so it says nothing
        assertEquals("2:3,5:9", tail.build().toString());

        assertEquals("1:5", new UidRanges.Missing(5).build().toString(), "an empty folder has lost everything below UIDNEXT");
        assertTrue(new UidRanges.Missing(0).build().isEmpty(), "a folder that never had a message");

        UidRanges.Missing all = new UidRanges.Missing(3);
        all.present(1);
        all.present(2);
        all.present(3);
        assertTrue(all.build().isEmpty());
    }

    @Test
    void missingWantsAscendingUids() {
        UidRanges.Missing missing = new UidRanges.Missing(10);
        missing.present(5);
        assertThrows(IllegalArgumentException.class, () -> missing.present(5));
        assertThrows(IllegalArgumentException.class, () -> new UidRanges.Builder().add(5, 6).add(1, 2));
    }

    @Test
    void aMillionExpungedUidsAreOneRange() {
        long[] uids = new long[1_000_000];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = i + 1;
        }
        UidRanges set = UidRanges.of(uids);
        assertEquals(1, set.rangeCount());
        assertEquals("1:1000000", set.toString());
    }
}
