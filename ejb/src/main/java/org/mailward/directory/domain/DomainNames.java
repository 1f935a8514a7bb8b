package org.mailward.directory.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.mailward.directory.RecentAnswers;

import java.time.Duration;
import java.util.Optional;
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

    private final RecentAnswers<String, Long> ids = new RecentAnswers<>(MAX_AGE);

    /** The id of the domain {@code name} belongs to, from memory or from {@code lookup}. */
    Optional<Long> domainId(String name, Function<String, Optional<Long>> lookup) {
        return ids.get(name, () -> lookup.apply(name));
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) DomainNamesChanged change) {
        ids.forgetAll();
    }
}
