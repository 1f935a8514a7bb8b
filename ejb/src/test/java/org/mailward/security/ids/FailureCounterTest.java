package org.mailward.security.ids;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureCounterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final FailureCounter counter = new FailureCounter();

    @Test
    void countsEventsWithinTheWindow() {
        assertEquals(1, counter.record("10.0.0.1", T0, WINDOW));
        assertEquals(2, counter.record("10.0.0.1", T0.plusSeconds(10), WINDOW));
        assertEquals(3, counter.record("10.0.0.1", T0.plusSeconds(20), WINDOW));
        assertEquals(4, counter.record("10.0.0.1", T0.plusSeconds(20), WINDOW));
    }

    @Test
    void oldEventsDropOutOfTheSlidingWindow() {
        counter.record("k", T0, WINDOW);
        counter.record("k", T0.plusSeconds(60), WINDOW);
        counter.record("k", T0.plusSeconds(120), WINDOW);
        // T0 is exactly at the window's edge: still counted
        assertEquals(4, counter.record("k", T0.plus(WINDOW), WINDOW));
        // one nanosecond later T0 falls out
        assertEquals(4, counter.record("k", T0.plus(WINDOW).plusNanos(1), WINDOW));
        // past T0+60s and T0+120s as well, leaving the last two and this one
        assertEquals(3, counter.record("k", T0.plusSeconds(121).plus(WINDOW), WINDOW));
        // long after: only this one
        assertEquals(1, counter.record("k", T0.plus(Duration.ofDays(1)), WINDOW));
    }

    @Test
    void keysAreIndependent() {
        assertEquals(1, counter.record("a", T0, WINDOW));
        assertEquals(2, counter.record("a", T0, WINDOW));
        assertEquals(1, counter.record("b", T0, WINDOW));
        assertEquals(3, counter.record("a", T0, WINDOW));
        assertEquals(2, counter.record("b", T0, WINDOW));
    }

    @Test
    void clearForgetsOneKey() {
        counter.record("a", T0, WINDOW);
        counter.record("a", T0, WINDOW);
        counter.record("b", T0, WINDOW);
        counter.clear("a");
        assertEquals(1, counter.record("a", T0, WINDOW));
        assertEquals(2, counter.record("b", T0, WINDOW));
        counter.clear("never-seen");
    }

    @Test
    void manyKeysPruneThoseWhoseEventsExpired() {
        // "old" would still count under a wider window if it were kept
        counter.record("old", T0, WINDOW);
        counter.record("recent", T0.plus(WINDOW), WINDOW);
        fillWithDistinctKeys(10_000, T0);

        // more than 10,000 keys: this call prunes with its own (five-minute) window
        Instant later = T0.plus(WINDOW).plusSeconds(60);
        assertEquals(1, counter.record("trigger", later, WINDOW));

        Duration wide = Duration.ofHours(1);
        assertEquals(1, counter.record("old", later, wide), "the expired key was pruned");
        assertEquals(2, counter.record("recent", later, wide), "a key with live events was kept");
    }

    @Test
    void fewKeysAreNotPruned() {
        counter.record("old", T0, WINDOW);
        fillWithDistinctKeys(9_000, T0);
        Instant later = T0.plus(WINDOW).plusSeconds(60);
        counter.record("trigger", later, WINDOW);
        assertEquals(2, counter.record("old", later, Duration.ofHours(1)), "kept below the pruning threshold");
    }

    private void fillWithDistinctKeys(int count, Instant at) {
        for (int i = 0; i < count; i++) {
            assertEquals(1, counter.record("filler-" + i, at, WINDOW));
        }
    }
}
