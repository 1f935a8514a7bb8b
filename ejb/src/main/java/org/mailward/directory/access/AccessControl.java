package org.mailward.directory.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.account.Account;
import org.mailward.directory.account.AccountRole;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;

import java.util.Optional;

/**
 * The server-side check behind every directory operation: a system administrator may do
 * everything; a domain administrator only inside their own domain; a user only their own account.
 */
@ApplicationScoped
public class AccessControl {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainRepository domains;

    /** The domain named {@code domainName}, if the caller administers it (404 or 403 otherwise). */
    public Domain requireDomainAdmin(Caller caller, String domainName) {
        String name = Addresses.domain(domainName);
        if (caller.systemAdmin()) {
            return domains.require(name);
        }
        // Whether a domain the caller does not manage exists is none of their business: always 403.
        return administeredDomain(caller).filter(domain -> domain.name().equals(name))
                .orElseThrow(() -> DirectoryException.forbidden("You may not manage the domain " + name));
    }

    public void requireSystemAdmin(Caller caller, String what) {
        if (!caller.systemAdmin()) {
            throw DirectoryException.forbidden("Only a system administrator may " + what);
        }
    }

    /**
     * The domain a domain administrator manages, empty for everyone else: their account and their
     * domain must be enabled (a suspended customer administers nothing).
     */
    public Optional<Domain> administeredDomain(Caller caller) {
        return ownAccount(caller)
                .filter(account -> account.enabled() && account.role() == AccountRole.DOMAIN_ADMIN)
                .map(Account::domain)
                .filter(Domain::enabled);
    }

    /**
     * The caller's own account: a 404-kind error for callers without one (such as the first
     * administrator), a 403-kind one while the account or its domain is disabled.
     */
    public Account requireOwnAccount(Caller caller) {
        Account account = ownAccount(caller).orElseThrow(() -> DirectoryException.notFound("You have no mail account"));
        if (!account.enabled() || !account.domain().enabled()) {
            throw DirectoryException.forbidden("Your account or its domain is disabled");
        }
        return account;
    }

    private Optional<Account> ownAccount(Caller caller) {
        int at = caller.username().lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        return em.createQuery("select a from Account a join fetch a.domain"
                        + " where a.localPart = :localPart and a.domain.name = :domain", Account.class)
                .setParameter("localPart", caller.username().substring(0, at))
                .setParameter("domain", caller.username().substring(at + 1))
                .getResultList().stream().findFirst();
    }
}
