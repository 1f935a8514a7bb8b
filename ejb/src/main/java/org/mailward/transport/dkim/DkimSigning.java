package org.mailward.transport.dkim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.RecentAnswers;
import org.mailward.transport.outbound.smtp.MessageContent;

import java.io.IOException;
import java.io.InputStream;
import java.net.IDN;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Signs outbound mail with the active DKIM keys of the sending domain (ADR 0037). The keys are
 * parsed once and kept for {@link #MAX_AGE}: a change made through {@link DkimKeys} is seen at
 * once after its commit, another node's (or a deleted domain's) within that time.
 */
@ApplicationScoped
public class DkimSigning {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(DkimSigning.class.getName());

    @PersistenceContext
    private EntityManager em;

    private final RecentAnswers<String, List<SigningKey>> keys = new RecentAnswers<>(MAX_AGE);

    /**
     * The DKIM-Signature header field(s), each ending in CRLF, to put in front of the message, one
     * per active key of the domain (RFC 8463 recommends signing with both rsa and ed25519); empty
     * when the domain has no key. {@code message} is the raw RFC 5322 message as stored, with CRLF
     * line ends; it is read once, as a stream, and closed.
     */
    public byte[] signatures(String domain, MessageContent.IOSupplier<InputStream> message) throws IOException {
        String name;
        try {
            name = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
        List<SigningKey> signing = keys.get(name, () -> Optional.of(load(name))).orElseThrow();
        if (signing.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = message.get()) {
            return MessageSigner.sign(name, signing, in, Instant.now());
        }
    }

    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) DkimKeysChanged change) {
        keys.forget(change.domain());
    }

    private List<SigningKey> load(String domain) {
        List<SigningKey> signing = new ArrayList<>();
        for (DkimKey key : em.createQuery("select k from DkimKey k where k.domain.name = :domain and k.active = true"
                + " order by k.createdAt, k.selector", DkimKey.class).setParameter("domain", domain).getResultList()) {
            try {
                signing.add(key.signingKey());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Never the key itself in the log: which one, and what kind of damage.
                LOG.warning("The DKIM key " + key.selector() + " of " + domain + " cannot be read and does not sign: "
                        + e.getClass().getSimpleName());
            }
        }
        return List.copyOf(signing);
    }
}
