package org.mailward.directory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Directory answers remembered for a short while, "none" included: the SMTP path asks the same
 * questions for every message, and the answers rarely change. Bounded: a flood of made-up keys
 * empties it rather than growing the heap. What changes through Mailward is forgotten by the
 * owner at once; anything else is seen within the maximum age.
 */
public final class RecentAnswers<K, V> {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry<V>(V value, long expiresAt) {
    }

    private final Duration maxAge;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public RecentAnswers(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** The answer for {@code key}, from memory while it is young enough, otherwise from {@code lookup}. */
    public Optional<V> get(K key, Supplier<Optional<V>> lookup) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.expiresAt() < 0) {
            return Optional.ofNullable(entry.value());
        }
        Optional<V> found = lookup.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry<>(found.orElse(null), now + maxAge.toNanos()));
        return found;
    }

    public void forget(K key) {
        entries.remove(key);
    }

    public void forgetAll() {
        entries.clear();
    }
}
