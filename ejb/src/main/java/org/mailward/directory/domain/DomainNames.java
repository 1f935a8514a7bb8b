package org.mailward.directory.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers, for a few seconds, which domain a name (a domain's own or an alias) belongs to, or
 * that it is none of ours: every SMTP recipient asks, and the answer rarely changes. A change
 * made through Mailward forgets everything after its commit; another node's change is seen
 * within {@link #MAX_AGE}.
 */
@ApplicationScoped
public class DomainNames {

    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final int MAX_ENTRIES = 100_000;

    private record Entry(Long domainId, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The id of the domain {@code name} belongs to, from memory or from {@code lookup}. */
    Optional<Long> domainId(String name, Function<String, Optional<Long>> lookup) {
        long now = System.nanoTime();
        Entry entry = entries.get(name);
        if (entry != null && now - entry.expiresAt() < 0) {
            return Optional.ofNullable(entry.domainId());
        }
        Optional<Long> found = lookup.apply(name);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // a flood of made-up domains must not grow the heap
        }
        entries.put(name, new Entry(found.orElse(null), now + MAX_AGE.toNanos()));
        return found;
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) DomainNamesChanged change) {
        entries.clear();
    }
}
