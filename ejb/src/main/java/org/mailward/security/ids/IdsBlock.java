package org.mailward.security.ids;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A client address refused by every protocol until the block expires or an administrator lifts it. */
@Entity
@Table(name = "ids_block")
public class IdsBlock {

    @Id
    private String address;

    @Column(nullable = false)
    private String reason;

    @Column(name = "blocked_at", nullable = false)
    private Instant blockedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected IdsBlock() {
    }

    IdsBlock(String address, String reason, Instant blockedAt, Instant expiresAt) {
        this.address = address;
        this.reason = reason;
        this.blockedAt = blockedAt;
        this.expiresAt = expiresAt;
    }

    boolean activeAt(Instant instant) {
        return expiresAt.isAfter(instant);
    }

    void renew(String reason, Instant blockedAt, Instant expiresAt) {
        this.reason = reason;
        this.blockedAt = blockedAt;
        this.expiresAt = expiresAt;
    }

    public IdsBlockView view() {
        return new IdsBlockView(address, reason, blockedAt, expiresAt);
    }
}
