package org.mailward.directory.account;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.mailward.directory.domain.Domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A mailbox owner. The password is Keycloak's; {@code keycloakId} links the two. Kept in the
 * second-level cache, read by every message; the bytes its mail takes (the column
 * {@code used_bytes}) are the mail store's, outside the entity, so that delivery does not evict it.
 */
@Entity
@Cacheable
@Table(name = "account")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id")
    private Domain domain;

    @Column(name = "local_part", nullable = false)
    private String localPart;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    private boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private AccountRole role;

    @Column(name = "quota_mb")
    private long quotaMb;

    @Column(name = "allow_imap") private boolean allowImap;
    @Column(name = "allow_pop3") private boolean allowPop3;
    @Column(name = "allow_smtp") private boolean allowSmtp;

    @Column(name = "keycloak_id", nullable = false)
    private String keycloakId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Account() {
    }

    /** A new account, to be linked to its Keycloak user before it is persisted. */
    Account(Domain domain, String localPart) {
        this.domain = domain;
        this.localPart = localPart;
        this.displayName = localPart;
        this.enabled = true;
        this.role = AccountRole.USER;
        this.protocols(EnumSet.allOf(MailProtocol.class));
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Long id() {
        return id;
    }

    public Domain domain() {
        return domain;
    }

    public String localPart() {
        return localPart;
    }

    public String address() {
        return localPart + "@" + domain.name();
    }

    public String displayName() {
        return displayName;
    }

    void displayName(String displayName) {
        this.displayName = displayName;
    }

    public boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    public AccountRole role() {
        return role;
    }

    void role(AccountRole role) {
        this.role = role;
    }

    public long quotaMb() {
        return quotaMb;
    }

    void quotaMb(long quotaMb) {
        this.quotaMb = quotaMb;
    }

    public String keycloakId() {
        return keycloakId;
    }

    void linkTo(String keycloakUserId) {
        this.keycloakId = keycloakUserId;
    }

    public boolean allows(MailProtocol protocol) {
        return switch (protocol) {
            case IMAP -> allowImap;
            case POP3 -> allowPop3;
            case SMTP -> allowSmtp;
        };
    }

    void protocols(Set<MailProtocol> allowed) {
        allowImap = allowed.contains(MailProtocol.IMAP);
        allowPop3 = allowed.contains(MailProtocol.POP3);
        allowSmtp = allowed.contains(MailProtocol.SMTP);
    }

    public Set<MailProtocol> protocols() {
        Set<MailProtocol> allowed = EnumSet.noneOf(MailProtocol.class);
        for (MailProtocol protocol : MailProtocol.values()) {
            if (allows(protocol)) {
                allowed.add(protocol);
            }
        }
        return allowed;
    }

    public AccountView view() {
        List<String> protocolNames = protocols().stream().map(MailProtocol::protocolName).toList();
        return new AccountView(address(), displayName, enabled, role.roleName(), quotaMb, protocolNames, createdAt);
    }
}
