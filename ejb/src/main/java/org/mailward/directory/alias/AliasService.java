package org.mailward.directory.alias;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.directory.UniqueNames;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.AccountRepository;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Aliases of a domain, managed by its administrators within the domain's alias limit; a
 * catch-all only where the domain's catch-all feature is on. Targets in the same domain must exist.
 */
@Stateless
public class AliasService {

    static final int MAX_TARGETS = 100;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainRepository domains;

    @Inject
    private AccountRepository accounts;

    @Inject
    private AccessControl access;

    public Page<AliasView> list(Caller caller, String domainName, PageRequest page) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        String where = " from Alias a where a.domain = :domain and a.localPart like :search escape '\\'";
        long total = em.createQuery("select count(a)" + where, Long.class)
                .setParameter("domain", domain).setParameter("search", page.likePattern()).getSingleResult();
        List<AliasView> items = em.createQuery("select a" + where + " order by a.localPart", Alias.class)
                .setParameter("domain", domain).setParameter("search", page.likePattern())
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultList().stream().map(Alias::view).toList();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    public AliasView get(Caller caller, String domainName, String localPart) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        return require(domain, localPart).view();
    }

    public AliasView create(Caller caller, String domainName, AliasChanges changes) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        boolean catchAll = Boolean.TRUE.equals(changes.catchAll());
        String localPart = catchAll ? Addresses.CATCH_ALL : Addresses.localPart(changes.localPart());
        List<String> targets = targets(domain, changes.targets());
        domains.lockForLimits(domain);
        if (catchAll) {
            if (!domain.features().catchAll()) {
                throw DirectoryException.conflict("Catch-all aliases are not enabled for " + domain.name());
            }
            if (find(domain, Addresses.CATCH_ALL).isPresent()) {
                throw DirectoryException.conflict(domain.name() + " has a catch-all alias already");
            }
        } else {
            if (accounts.addressTaken(domain, localPart)) {
                throw DirectoryException.conflict(localPart + "@" + domain.name() + " exists already (as an account or an alias)");
            }
            int limit = domain.limits().maxUserAliases();
            if (limit > 0 && domains.userAliases(domain) >= limit) {
                throw DirectoryException.conflict("The domain " + domain.name() + " has reached its limit of "
                        + limit + " alias(es)");
            }
        }
        Alias alias = new Alias(domain, localPart, targets);
        UniqueNames.insert(em, alias, localPart + "@" + domain.name() + " exists already");
        return alias.view();
    }

    public AliasView update(Caller caller, String domainName, String localPart, AliasChanges changes) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        Alias alias = require(domain, localPart);
        alias.targets(targets(domain, changes.targets()));
        return alias.view();
    }

    public void delete(Caller caller, String domainName, String localPart) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        em.remove(require(domain, localPart));
    }


    /** {@code *} names the catch-all in paths. */
    private Alias require(Domain domain, String localPart) {
        String normalised = Addresses.CATCH_ALL.equals(localPart) ? localPart : Addresses.localPart(localPart);
        return find(domain, normalised)
                .orElseThrow(() -> DirectoryException.notFound("No alias " + normalised + "@" + domain.name()));
    }

    private Optional<Alias> find(Domain domain, String localPart) {
        return em.createQuery("select a from Alias a where a.domain = :domain and a.localPart = :localPart", Alias.class)
                .setParameter("domain", domain).setParameter("localPart", localPart)
                .getResultList().stream().findFirst();
    }

    /**
     * Normalised, without duplicates; a target in the alias's own domain must be an existing account
     * or alias. Other domains are not looked into: their addresses are not this administrator's to probe.
     */
    private List<String> targets(Domain domain, List<String> requested) {
        if (requested == null || requested.isEmpty() || requested.size() > MAX_TARGETS) {
            throw DirectoryException.invalid("An alias needs 1 to " + MAX_TARGETS + " target addresses");
        }
        LinkedHashSet<String> targets = new LinkedHashSet<>();
        for (String target : requested) {
            String address = Addresses.address(target);
            boolean sameDomain = domains.resolve(Addresses.domainOf(address)).filter(found -> found.id().equals(domain.id())).isPresent();
            if (sameDomain && !accounts.addressTaken(domain, Addresses.localPartOf(address))) {
                throw DirectoryException.invalid("The target " + address + " does not exist");
            }
            targets.add(address);
        }
        return new ArrayList<>(targets);
    }
}
