package org.mailward.security.ids;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts events per key within a sliding window, in memory. Keys whose events have all expired are
 * dropped as the map grows, and past a hard cap the counts start afresh, so a flood of distinct
 * keys cannot exhaust the heap (it can only reset the counting, which the block list survives).
 */
final class FailureCounter {

    private static final int PRUNE_ABOVE = 10_000;
    /** Past this many keys even after pruning, the counts start afresh rather than grow without bound. */
    private static final int MAX_KEYS = 200_000;

    private final Map<String, Deque<Instant>> events = new ConcurrentHashMap<>();

    /** Records one event now and returns how many fell within {@code window}, this one included. */
    int record(String key, Instant now, Duration window) {
        if (events.size() > PRUNE_ABOVE) {
            prune(now, window);
            if (events.size() > MAX_KEYS) {
                events.clear();
            }
        }
        int[] count = new int[1];
        // compute() holds the key's bin: a prune or clear of the same key cannot lose this event.
        events.compute(key, (unused, times) -> {
            Deque<Instant> recent = times == null ? new ArrayDeque<>() : times;
            recent.addLast(now);
            dropBefore(recent, now.minus(window));
            count[0] = recent.size();
            return recent;
        });
        return count[0];
    }

    void clear(String key) {
        events.remove(key);
    }

    private void prune(Instant now, Duration window) {
        Instant oldest = now.minus(window);
        for (String key : events.keySet()) {
            events.computeIfPresent(key, (unused, times) -> {
                dropBefore(times, oldest);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private static void dropBefore(Deque<Instant> times, Instant oldest) {
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
