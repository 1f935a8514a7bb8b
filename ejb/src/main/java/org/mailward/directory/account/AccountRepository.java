package org.mailward.directory.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Inject
    private AccountAddresses addresses;

    /**
     * The account with this address, through {@link AccountAddresses} and the second-level cache:
     * for mail routing, which asks for every recipient. Checks before creating use {@link #find}.
     */
    public Optional<Account> byAddress(Domain domain, String localPart) {
        Optional<Long> id = addresses.accountId(domain.id(), localPart, () -> find(domain, localPart).map(Account::id));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Account account = em.find(Account.class, id.get());
        if (account == null) { // deleted meanwhile
            addresses.forget(domain.id(), localPart);
            return find(domain, localPart);
        }
        return Optional.of(account);
    }

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
