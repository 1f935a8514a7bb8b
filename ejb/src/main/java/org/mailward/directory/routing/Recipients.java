package org.mailward.directory.routing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.account.Account;
import org.mailward.directory.account.AccountRepository;
import org.mailward.directory.alias.Alias;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers "where does mail for this address go?": the domain by name or domain alias, then the
 * mailbox, an alias, the local part without its {@code +tag} where the domain allows plus
 * addressing, and finally the domain's catch-all where it allows one.
 */
@ApplicationScoped
public class Recipients {

    /** Alias chains deeper than this are treated as loops. */
    static final int MAX_DEPTH = 10;
    private static final String POSTMASTER = "postmaster";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainRepository domains;

    @Inject
    private AccountRepository accounts;

    @Inject
    private SystemSettings settings;

    public Destination resolve(String given) {
        String address = qualified(given);
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return new Destination.Unknown(); // a bare "postmaster" with no default domain
        }
        Optional<Domain> found = domainName(address.substring(at + 1)).flatMap(domains::resolve);
        if (found.isEmpty()) {
            return new Destination.Remote(address);
        }
        Domain domain = found.get();
        if (!domain.enabled()) {
            return new Destination.Disabled("Domain disabled");
        }
        String localPart = normalised(address.substring(0, at));
        if (localPart == null) {
            return new Destination.Unknown();
        }
        Optional<Destination> direct = local(domain, localPart);
        if (direct.isEmpty() && Boolean.TRUE.equals(domain.features().plusAddressing()) && localPart.indexOf('+') > 0) {
            direct = local(domain, localPart.substring(0, localPart.indexOf('+')));
        }
        if (direct.isEmpty() && Boolean.TRUE.equals(domain.features().catchAll())) {
            direct = alias(domain, Addresses.CATCH_ALL);
        }
        return direct.orElseGet(Destination.Unknown::new);
    }

    /** Follows aliases from each address to accounts and remote addresses, breaking loops. */
    public Expansion expand(List<String> addresses) {
        Map<Long, Account> local = new LinkedHashMap<>();
        Set<String> remote = new LinkedHashSet<>();
        List<Expansion.Undeliverable> undeliverable = new ArrayList<>();
        Set<String> expanded = new HashSet<>();
        for (String address : addresses) {
            expand(address, 0, new LinkedHashSet<>(), expanded, local, remote, undeliverable);
        }
        return new Expansion(List.copyOf(local.values()), List.copyOf(remote), undeliverable);
    }

    /**
     * @param path     the addresses on the way here: meeting one again is a loop
     * @param expanded every address expanded already, by any way: aliases that share targets are
     *                 followed once, so a lattice of them costs its size, not its number of paths
     */
    private void expand(String address, int depth, Set<String> path, Set<String> expanded, Map<Long, Account> local,
                        Set<String> remote, List<Expansion.Undeliverable> undeliverable) {
        String key = address.toLowerCase(Locale.ROOT);
        if (depth > MAX_DEPTH || !path.add(key)) {
            undeliverable.add(new Expansion.Undeliverable(address, "5.4.6", "alias loop"));
            return;
        }
        if (!expanded.add(key)) {
            return;
        }
        switch (resolve(address)) {
            case Destination.Remote r -> remote.add(r.address());
            case Destination.Mailbox mailbox -> local.putIfAbsent(mailbox.account().id(), mailbox.account());
            case Destination.Alias alias -> {
                for (String target : alias.targets()) {
                    expand(target, depth + 1, new LinkedHashSet<>(path), expanded, local, remote, undeliverable);
                }
            }
            case Destination.Disabled disabled -> undeliverable.add(new Expansion.Undeliverable(address, "5.2.1", disabled.reason()));
            case Destination.Unknown unknown -> undeliverable.add(new Expansion.Undeliverable(address, "5.1.1", "no such user"));
        }
    }

    private Optional<Destination> local(Domain domain, String localPart) {
        Optional<Account> account = accounts.byAddress(domain, localPart);
        if (account.isPresent()) {
            return Optional.of(account.get().enabled() ? new Destination.Mailbox(account.get())
                    : new Destination.Disabled("Mailbox disabled"));
        }
        return alias(domain, localPart);
    }

    private Optional<Destination> alias(Domain domain, String localPart) {
        return em.createQuery("select a from Alias a where a.domain = :domain and a.localPart = :localPart", Alias.class)
                .setParameter("domain", domain).setParameter("localPart", localPart).setFlushMode(FlushModeType.COMMIT) // as AccountRepository.find
                .getResultList().stream().findFirst()
                .map(alias -> new Destination.Alias(domain, alias.targets(), alias.catchAll()));
    }

    /** The local domain an address belongs to (its own name or an alias), without looking at its local part. */
    public Optional<Domain> localDomain(String address) {
        String qualified = qualified(address);
        int at = qualified.lastIndexOf('@');
        return at <= 0 ? Optional.empty() : domainName(qualified.substring(at + 1)).flatMap(domains::resolve);
    }

    /** RFC 5321 section 4.5.1: "postmaster" without a domain must be accepted; it is the default domain's. */
    private String qualified(String address) {
        if (address.equalsIgnoreCase(POSTMASTER)) {
            String domain = settings.value(Setting.LOGIN_DEFAULT_DOMAIN);
            return domain.isEmpty() ? address : POSTMASTER + "@" + domain;
        }
        return address;
    }

    // Internationalised domains are stored in their ASCII form.
    private static Optional<String> domainName(String domain) {
        try {
            return Optional.of(Addresses.domain(domain));
        } catch (DirectoryException | IllegalArgumentException e) {
            return Optional.empty(); // an address literal or garbage: not one of ours
        }
    }

    private static String normalised(String localPart) {
        try {
            return Addresses.localPart(localPart);
        } catch (DirectoryException e) {
            return null; // not a local part any of our mailboxes could have
        }
    }
}
