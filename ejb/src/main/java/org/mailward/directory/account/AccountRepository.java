package org.mailward.directory.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.domain.Domain;

import java.util.Optional;

/** Finds accounts by address. */
@ApplicationScoped
public class AccountRepository {

    @PersistenceContext
    private EntityManager em;

    public Optional<Account> find(Domain domain, String localPart) {
        // No flush first: nothing a caller has pending changes which account has an address, and
        // in a delivery of many messages each flush would go over everything the batch wrote.
        return em.createQuery("select a from Account a join fetch a.domain"
                        + " where a.domain = :domain and a.localPart = :localPart", Account.class)
                .setParameter("domain", domain).setParameter("localPart", localPart).setFlushMode(FlushModeType.COMMIT)
                .getResultList().stream().findFirst();
    }

    /** Whether an account or an alias answers to {@code localPart} in the domain. */
    public boolean addressTaken(Domain domain, String localPart) {
        return find(domain, localPart).isPresent()
                || !em.createQuery("select a.id from Alias a where a.domain = :domain and a.localPart = :localPart", Long.class)
                .setParameter("domain", domain).setParameter("localPart", localPart)
                .setMaxResults(1).getResultList().isEmpty();
    }
}
