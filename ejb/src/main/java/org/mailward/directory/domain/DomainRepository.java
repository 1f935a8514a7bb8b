package org.mailward.directory.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.account.AccountRole;

import java.util.List;
import java.util.Optional;

/** Finds domains by name or alias, and counts what they use. */
@ApplicationScoped
public class DomainRepository {

    @PersistenceContext
    private EntityManager em;

    public Optional<Domain> byName(String name) {
        return em.createQuery("select d from Domain d where d.name = :name", Domain.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    /** The domain itself, or a 404-kind error. */
    public Domain require(String name) {
        return byName(name).orElseThrow(() -> DirectoryException.notFound("No domain " + name));
    }

    /** The domain for {@code name} or one of its aliases. */
    public Optional<Domain> resolve(String name) {
        return byName(name).or(() -> em.createQuery(
                        "select a.domain from DomainAlias a where a.name = :name", Domain.class)
                .setParameter("name", name).getResultStream().findFirst());
    }

    /**
     * The domain named {@code host}, by its name, an alias, or its mail hostname (such as
     * {@code mail.a.test}) when that hostname is no other domain's too.
     */
    public Optional<Domain> byNameAliasOrHostname(String host) {
        return resolve(host).or(() -> {
            List<Domain> serving = em.createQuery("select d from Domain d where d.hostname = :host", Domain.class)
                    .setParameter("host", host).setMaxResults(2).getResultList();
            return serving.size() == 1 ? Optional.of(serving.getFirst()) : Optional.empty();
        });
    }

    /** Locks the domain's row until the transaction ends, so that concurrent creations respect its limits. */
    public void lockForLimits(Domain domain) {
        em.lock(domain, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Whether {@code name} is a domain or a domain alias already. */
    public boolean nameTaken(String name) {
        return resolve(name).isPresent();
    }

    public List<String> aliasNames(Domain domain) {
        return em.createQuery("select a.name from DomainAlias a where a.domain = :domain order by a.name", String.class)
                .setParameter("domain", domain).getResultList();
    }

    public Optional<DomainAlias> alias(Domain domain, String name) {
        return em.createQuery("select a from DomainAlias a where a.domain = :domain and a.name = :name", DomainAlias.class)
                .setParameter("domain", domain).setParameter("name", name).getResultStream().findFirst();
    }

    public List<String> administrators(Domain domain) {
        return em.createQuery("select a.localPart from Account a where a.domain = :domain and a.role = :role"
                        + " order by a.localPart", String.class)
                .setParameter("domain", domain).setParameter("role", AccountRole.DOMAIN_ADMIN)
                .getResultStream().map(localPart -> localPart + "@" + domain.name()).toList();
    }

    public long users(Domain domain) {
        return count("select count(a) from Account a where a.domain = :domain", domain);
    }

    /** Aliases count against the domain's limit; its catch-all does not. */
    public long userAliases(Domain domain) {
        return count("select count(a) from Alias a where a.domain = :domain and a.localPart <> '*'", domain);
    }

    public long domainAliases(Domain domain) {
        return count("select count(a) from DomainAlias a where a.domain = :domain", domain);
    }

    public DomainView view(Domain domain) {
        return new DomainView(domain.name(), domain.enabled(), domain.hostname(), aliasNames(domain),
                administrators(domain), domain.limits(), domain.features(), domain.throttling(),
                domain.passwordPolicy(),
                new DomainView.Usage(users(domain), userAliases(domain), domainAliases(domain)),
                domain.createdAt());
    }

    private long count(String query, Domain domain) {
        return em.createQuery(query, Long.class).setParameter("domain", domain).getSingleResult();
    }
}
