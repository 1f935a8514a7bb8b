package org.mailward.transport.dkim;

import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.UniqueNames;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A domain's DKIM keys, managed by its administrators: generated here (the private key stays in
 * the database), listed with the DNS record to publish, switched on and off, deleted. Every active
 * key signs every message of the domain, so a domain has at most {@value #MAX_KEYS}.
 */
@Stateless
public class DkimKeys {

    static final int MAX_KEYS = 10;
    private static final int MAX_DNS_NAME = 253;
    /** One DNS label; RFC 6376 would allow several, dot-separated, which nobody needs. */
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC);
    private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 4;
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AccessControl access;

    @Inject
    private DomainRepository domains;

    @Inject
    private Event<DkimKeysChanged> changed;

    /** The domain's keys, oldest first. */
    public List<DkimKeyView> list(Caller caller, String domainName) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        return em.createQuery("select k from DkimKey k where k.domain = :domain order by k.createdAt, k.selector", DkimKey.class)
                .setParameter("domain", domain).getResultList().stream().map(DkimKey::view).toList();
    }

    public DkimKeyView get(Caller caller, String domainName, String selector) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        return require(domain, selector).view();
    }

    /**
     * A new key pair for the domain: RSA of {@value DkimAlgorithm#RSA_BITS} bits or Ed25519. Without
     * a selector, one such as {@code mw202611-k3x9} (the month, then a random suffix).
     */
    public DkimKeyView generate(Caller caller, String domainName, DkimKeyChanges request) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        DkimAlgorithm algorithm = DkimAlgorithm.of(request.algorithm());
        String selector = request.selector() == null || request.selector().isBlank()
                ? defaultSelector() : selector(request.selector());
        if (DkimKey.dnsName(selector, domain.name()).length() > MAX_DNS_NAME) {
            throw DirectoryException.invalid("The selector '" + selector + "' makes the DNS name longer than "
                    + MAX_DNS_NAME + " characters");
        }
        KeyPair keys = algorithm.generateKeyPair();
        domains.lockForLimits(domain);
        if (find(domain, selector).isPresent()) {
            throw DirectoryException.conflict(conflict(domain, selector));
        }
        long existing = em.createQuery("select count(k) from DkimKey k where k.domain = :domain", Long.class)
                .setParameter("domain", domain).getSingleResult();
        if (existing >= MAX_KEYS) {
            throw DirectoryException.conflict("The domain " + domain.name() + " has " + MAX_KEYS
                    + " DKIM keys already; delete one first");
        }
        DkimKey key = new DkimKey(domain, selector, algorithm, keys, request.active() == null || request.active());
        UniqueNames.insert(em, key, conflict(domain, selector));
        changed.fire(new DkimKeysChanged(domain.name()));
        return key.view();
    }

    /** Switches a key on or off: publish its record first, then let it sign; stop it signing before deleting it. */
    public DkimKeyView update(Caller caller, String domainName, String selector, DkimKeyChanges changes) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        DkimKey key = require(domain, selector);
        if (changes.active() == null || changes.algorithm() != null || changes.selector() != null) {
            throw DirectoryException.invalid("Only whether a key is active can change: {\"active\": true|false}");
        }
        key.active(changes.active());
        changed.fire(new DkimKeysChanged(domain.name()));
        return key.view();
    }

    public void delete(Caller caller, String domainName, String selector) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        em.remove(require(domain, selector));
        changed.fire(new DkimKeysChanged(domain.name()));
    }


    /** A selector in its stored form (lower case), or a 400-kind error. */
    static String selector(String selector) {
        String normalised = selector.trim().toLowerCase(Locale.ROOT);
        if (!SELECTOR.matcher(normalised).matches()) {
            throw DirectoryException.invalid("'" + selector + "' is not a valid selector: it must be one DNS label"
                    + " of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen");
        }
        return normalised;
    }

    static String defaultSelector() {
        StringBuilder selector = new StringBuilder("mw").append(MONTH.format(Instant.now())).append('-');
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            selector.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
        }
        return selector.toString();
    }

    /** A path names the key; one that cannot exist is as missing as one that does not. */
    private DkimKey require(Domain domain, String selector) {
        String normalised = selector.trim().toLowerCase(Locale.ROOT);
        return find(domain, normalised).orElseThrow(() -> DirectoryException.notFound(
                "The domain " + domain.name() + " has no DKIM key with the selector " + normalised));
    }

    private Optional<DkimKey> find(Domain domain, String selector) {
        return em.createQuery("select k from DkimKey k where k.domain = :domain and k.selector = :selector", DkimKey.class)
                .setParameter("domain", domain).setParameter("selector", selector)
                .getResultList().stream().findFirst();
    }

    private static String conflict(Domain domain, String selector) {
        return "The domain " + domain.name() + " has a DKIM key with the selector " + selector + " already";
    }
}
