package org.mailward.transport.spool;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One envelope recipient of a spooled message, with its DSN parameters (RFC 3461). */
@Embeddable
public class SpoolRecipient {

    @Column(nullable = false)
    private String address;

    @Column(name = "dsn_notify")
    private String dsnNotify;

    @Column(name = "original_recipient")
    private String originalRecipient;

    protected SpoolRecipient() {
    }

    public SpoolRecipient(String address, String dsnNotify, String originalRecipient) {
        this.address = address;
        this.dsnNotify = dsnNotify;
        this.originalRecipient = originalRecipient;
    }

    public String address() {
        return address;
    }

    public String dsnNotify() {
        return dsnNotify;
    }

    public String originalRecipient() {
        return originalRecipient;
    }
}
