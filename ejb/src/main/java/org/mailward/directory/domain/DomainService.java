package org.mailward.directory.domain;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.directory.UniqueNames;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.settings.SettingsService;

import java.util.List;
import java.util.Optional;

/**
 * Domains and their aliases. The system administrator creates, changes and deletes domains and
 * adds their aliases; a domain administrator sees their own domain, may remove its aliases, and
 * may change only its password policy.
 */
@Stateless
public class DomainService {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainRepository domains;

    @Inject
    private AccessControl access;

    @Inject
    private SettingsService settings;

    @Inject
    private Event<DomainNamesChanged> namesChanged;

    @Inject
    private Event<DomainGrantsChanged> grantsChanged;

    public Page<DomainView> list(Caller caller, PageRequest page) {
        if (!caller.systemAdmin()) {
            Optional<Domain> own = access.administeredDomain(caller)
                    .filter(domain -> domain.name().contains(page.search()));
            List<DomainView> items = domains.views(own.stream().skip(page.offset()).toList());
            return new Page<>(items, own.isPresent() ? 1 : 0, page.offset(), page.limit());
        }
        String where = " from Domain d where d.name like :search escape '\\'";
        long total = em.createQuery("select count(d)" + where, Long.class)
                .setParameter("search", page.likePattern()).getSingleResult();
        TypedQuery<Domain> query = em.createQuery("select d" + where + " order by d.name", Domain.class)
                .setParameter("search", page.likePattern());
        List<DomainView> items = domains.views(query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList());
        return new Page<>(items, total, page.offset(), page.limit());
    }

    public DomainView get(Caller caller, String name) {
        return domains.view(access.requireDomainAdmin(caller, name));
    }

    public DomainView create(Caller caller, DomainChanges changes) {
        access.requireSystemAdmin(caller, "create domains");
        String name = Addresses.domain(changes.name());
        if (domains.nameTaken(name)) {
            throw DirectoryException.conflict("The domain " + name + " exists already (as a domain or a domain alias)");
        }
        Domain domain = new Domain(name);
        apply(domain, changes);
        UniqueNames.insert(em, domain, "The domain " + name + " exists already");
        namesChanged.fire(new DomainNamesChanged());
        return domains.view(domain);
    }

    public DomainView update(Caller caller, String name, DomainChanges changes) {
        Domain domain = access.requireDomainAdmin(caller, name);
        if (changes.name() != null && !Addresses.domain(changes.name()).equals(domain.name())) {
            throw DirectoryException.invalid("A domain cannot be renamed; add a domain alias instead");
        }
        Grants before = Grants.of(domain);
        apply(domain, changes);
        if (!caller.systemAdmin() && !Grants.of(domain).equals(before)) {
            // The transaction rolls back with this exception: nothing of the change is kept.
            throw DirectoryException.forbidden("Only a system administrator may change a domain's status, hostname,"
                    + " limits, features or throttling");
        }
        if (!Grants.of(domain).equals(before)) {
            grantsChanged.fire(new DomainGrantsChanged(domain.name()));
        }
        return domains.view(domain);
    }

    public void delete(Caller caller, String name) {
        access.requireSystemAdmin(caller, "delete domains");
        Domain domain = domains.require(Addresses.domain(name));
        domains.lockForLimits(domain);
        long users = domains.users(domain);
        if (users > 0) {
            throw DirectoryException.conflict("The domain " + domain.name() + " still has " + users
                    + " account(s); delete them first");
        }
        em.createQuery("delete from Alias a where a.domain = :domain").setParameter("domain", domain).executeUpdate();
        em.createQuery("delete from DomainAlias a where a.domain = :domain").setParameter("domain", domain).executeUpdate();
        settings.forgetDomain(domain);
        em.remove(domain);
        namesChanged.fire(new DomainNamesChanged());
    }

    /**
     * Only the system administrator adds domain aliases: a name made local captures its mail, so
     * a domain administrator must not claim another customer's or a public domain.
     */
    public DomainView addAlias(Caller caller, String name, String aliasName) {
        access.requireSystemAdmin(caller, "add domain aliases");
        Domain domain = domains.require(Addresses.domain(name));
        String alias = Addresses.domain(aliasName);
        domains.lockForLimits(domain);
        if (domains.nameTaken(alias)) {
            throw DirectoryException.conflict(alias + " is a domain or a domain alias already");
        }
        int limit = domain.limits().maxDomainAliases();
        if (limit > 0 && domains.domainAliases(domain) >= limit) {
            throw DirectoryException.conflict("The domain " + domain.name() + " has reached its limit of "
                    + limit + " domain alias(es)");
        }
        UniqueNames.insert(em, new DomainAlias(domain, alias), alias + " is a domain or a domain alias already");
        namesChanged.fire(new DomainNamesChanged());
        return domains.view(domain);
    }

    public DomainView removeAlias(Caller caller, String name, String aliasName) {
        Domain domain = access.requireDomainAdmin(caller, name);
        String alias = Addresses.domain(aliasName);
        em.remove(domains.alias(domain, alias)
                .orElseThrow(() -> DirectoryException.notFound(alias + " is not an alias of " + domain.name())));
        em.flush();
        namesChanged.fire(new DomainNamesChanged());
        return domains.view(domain);
    }


    private static void apply(Domain domain, DomainChanges changes) {
        if (changes.enabled() != null) {
            domain.enabled(changes.enabled());
        }
        if (changes.hostname() != null) {
            domain.hostname(changes.hostname().isBlank() ? null : Addresses.domain(changes.hostname()));
        }
        if (changes.limits() != null) {
            domain.limits(changes.limits());
        }
        if (changes.features() != null) {
            domain.features(changes.features());
        }
        if (changes.throttling() != null) {
            domain.throttling(changes.throttling());
        }
        if (changes.passwordPolicy() != null) {
            domain.passwordPolicy(changes.passwordPolicy());
        }
    }

    /** What only the system administrator may grant a domain. */
    private record Grants(boolean enabled, String hostname, Limits limits, Features features, Throttling throttling) {

        static Grants of(Domain domain) {
            return new Grants(domain.enabled(), domain.hostname(), domain.limits(), domain.features(), domain.throttling());
        }
    }
}
