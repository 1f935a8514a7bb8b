package org.mailward.directory.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.account.AccountRole;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds domains by name or alias, and counts what they use. */
@ApplicationScoped
public class DomainRepository {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainNames names;

    public Optional<Domain> byName(String name) {
        return em.createQuery("select d from Domain d where d.name = :name", Domain.class)
                .setParameter("name", name).getResultList().stream().findFirst();
    }

    /** The domain itself, or a 404-kind error. */
    public Domain require(String name) {
        return byName(name).orElseThrow(() -> DirectoryException.notFound("No domain " + name));
    }

    /** The domain for {@code name} or one of its aliases; which one is remembered briefly ({@link DomainNames}). */
    public Optional<Domain> resolve(String name) {
        return names.domainId(name, this::lookUp).map(id -> em.find(Domain.class, id));
    }

    private Optional<Long> lookUp(String name) {
        return byName(name).or(() -> em.createQuery("select a.domain from DomainAlias a where a.name = :name", Domain.class)
                .setParameter("name", name).getResultList().stream().findFirst()).map(Domain::id);
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

    public Optional<DomainAlias> alias(Domain domain, String name) {
        return em.createQuery("select a from DomainAlias a where a.domain = :domain and a.name = :name", DomainAlias.class)
                .setParameter("domain", domain).setParameter("name", name).getResultList().stream().findFirst();
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
        return views(List.of(domain)).getFirst();
    }

    /** The views of a page of domains, in the same order, with a fixed number of queries whatever the page's size. */
    public List<DomainView> views(List<Domain> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, List<String>> aliases = grouped(em.createQuery("select a.domain.id, a.name from DomainAlias a"
                + " where a.domain in :domains order by a.name", Object[].class).setParameter("domains", page));
        Map<Long, List<String>> administrators = grouped(em.createQuery("select a.domain.id, a.localPart from Account a"
                        + " where a.domain in :domains and a.role = :role order by a.localPart", Object[].class)
                .setParameter("domains", page).setParameter("role", AccountRole.DOMAIN_ADMIN));
        Map<Long, Long> users = counted(em.createQuery("select a.domain.id, count(a) from Account a"
                + " where a.domain in :domains group by a.domain.id", Object[].class).setParameter("domains", page));
        // Aliases count against the domain's limit; its catch-all does not.
        Map<Long, Long> userAliases = counted(em.createQuery("select a.domain.id, count(a) from Alias a"
                + " where a.domain in :domains and a.localPart <> '*' group by a.domain.id", Object[].class)
                .setParameter("domains", page));
        return page.stream().map(domain -> {
            List<String> aliasNames = aliases.getOrDefault(domain.id(), List.of());
            List<String> admins = administrators.getOrDefault(domain.id(), List.of()).stream()
                    .map(localPart -> localPart + "@" + domain.name()).toList();
            return new DomainView(domain.name(), domain.enabled(), domain.hostname(), aliasNames, admins,
                    domain.limits(), domain.features(), domain.throttling(), domain.passwordPolicy(),
                    new DomainView.Usage(users.getOrDefault(domain.id(), 0L), userAliases.getOrDefault(domain.id(), 0L),
                            aliasNames.size()),
                    domain.createdAt());
        }).toList();
    }

    private static Map<Long, List<String>> grouped(TypedQuery<Object[]> query) {
        Map<Long, List<String>> grouped = new HashMap<>();
        for (Object[] row : query.getResultList()) {
            grouped.computeIfAbsent((Long) row[0], unused -> new ArrayList<>()).add((String) row[1]);
        }
        return grouped;
    }

    private static Map<Long, Long> counted(TypedQuery<Object[]> query) {
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : query.getResultList()) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }

    private long count(String query, Domain domain) {
        return em.createQuery(query, Long.class).setParameter("domain", domain).getSingleResult();
    }
}
