package org.mailward.directory.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.mailward.directory.RecentAnswers;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers, for a few seconds, which account id an address of a domain belongs to, or that none
 * does: every RCPT and every delivery asks. A local part never changes; an account made through
 * Mailward is known at once after its commit (a remembered "none" is forgotten), and a deleted
 * one is noticed when its id no longer loads.
 */
@ApplicationScoped
public class AccountAddresses {

    static final Duration MAX_AGE = Duration.ofSeconds(10);

    private record Address(long domainId, String localPart) {
    }

    private final RecentAnswers<Address, Long> ids = new RecentAnswers<>(MAX_AGE);

    Optional<Long> accountId(long domainId, String localPart, Supplier<Optional<Long>> lookup) {
        return ids.get(new Address(domainId, localPart), lookup);
    }

    void forget(long domainId, String localPart) {
        ids.forget(new Address(domainId, localPart));
    }

    void created(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountCreated created) {
        forget(created.account().domain().id(), created.account().localPart());
    }
}
