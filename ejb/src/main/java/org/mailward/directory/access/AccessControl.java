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
        Domain domain = domains.require(Addresses.domain(domainName));
        requireDomainAdmin(caller, domain);
        return domain;
    }

    public void requireSystemAdmin(Caller caller, String what) {
        if (!caller.systemAdmin()) {
            throw DirectoryException.forbidden("Only a system administrator may " + what);
        }
    }

    /** Passes for a system administrator and for an enabled domain administrator of {@code domain}. */
    public void requireDomainAdmin(Caller caller, Domain domain) {
        if (caller.systemAdmin()) {
            return;
        }
        boolean administers = ownAccount(caller)
                .filter(account -> account.enabled() && account.role() == AccountRole.DOMAIN_ADMIN)
                .filter(account -> account.domain().id().equals(domain.id()))
                .isPresent();
        if (!administers) {
            throw DirectoryException.forbidden("You may not manage the domain " + domain.name());
        }
    }

    /** The domain a domain administrator manages, empty for everyone else. */
    public Optional<Domain> administeredDomain(Caller caller) {
        return ownAccount(caller)
                .filter(account -> account.enabled() && account.role() == AccountRole.DOMAIN_ADMIN)
                .map(Account::domain);
    }

    /** The caller's own account, or a 404-kind error for callers without one (such as the first administrator). */
    public Account requireOwnAccount(Caller caller) {
        return ownAccount(caller).orElseThrow(() -> DirectoryException.notFound("You have no mail account"));
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
                .getResultStream().findFirst();
    }
}
