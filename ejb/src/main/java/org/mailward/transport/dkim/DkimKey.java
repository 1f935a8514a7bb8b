package org.mailward.transport.dkim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.mailward.directory.domain.Domain;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A domain's DKIM key pair. The private key never leaves this package: views show the public
 * key as the DNS record to publish.
 */
@Entity
@Table(name = "dkim_key")
public class DkimKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id")
    private Domain domain;

    @Column(nullable = false)
    private String selector;

    @Column(nullable = false)
    private String algorithm;

    /** PKCS#8 DER, base64. */
    @Column(name = "private_key", nullable = false)
    private String privateKey;

    /** X.509 SubjectPublicKeyInfo DER, base64. */
    @Column(name = "public_key", nullable = false)
    private String publicKey;

    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected DkimKey() {
    }

    DkimKey(Domain domain, String selector, DkimAlgorithm algorithm, KeyPair keys, boolean active) {
        this.domain = domain;
        this.selector = selector;
        this.algorithm = algorithm.tag();
        this.privateKey = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        this.publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        this.active = active;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    String selector() {
        return selector;
    }

    DkimAlgorithm algorithm() {
        return DkimAlgorithm.of(algorithm);
    }

    void active(boolean active) {
        this.active = active;
    }

    SigningKey signingKey() throws GeneralSecurityException {
        DkimAlgorithm parsedAlgorithm = algorithm();
        return new SigningKey(selector, parsedAlgorithm, parsedAlgorithm.privateKey(Base64.getDecoder().decode(privateKey)));
    }

    DkimKeyView view() {
        return new DkimKeyView(selector, algorithm, active, createdAt, dnsName(selector, domain.name()),
                algorithm().dnsRecord(Base64.getDecoder().decode(publicKey)));
    }

    /** Where receivers look the key up (RFC 6376 section 3.6.2.1). */
    static String dnsName(String selector, String domainName) {
        return selector + "._domainkey." + domainName;
    }
}
