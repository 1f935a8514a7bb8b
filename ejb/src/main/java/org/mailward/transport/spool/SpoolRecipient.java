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

    /**
     * Outbound only: the outcome of the last attempt that left it waiting: the RFC 3463 status,
     * the remote server's reply (null when the failure was ours, such as DNS), and its host.
     */
    @Column(name = "last_status")
    private String lastStatus;

    @Column(name = "last_diagnostic")
    private String lastDiagnostic;

    @Column(name = "last_remote")
    private String lastRemote;

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

    public String lastStatus() {
        return lastStatus;
    }

    public String lastDiagnostic() {
        return lastDiagnostic;
    }

    public String lastRemote() {
        return lastRemote;
    }

    /** Records why the last attempt left this recipient waiting. */
    public void deferred(String status, String diagnostic, String remote) {
        this.lastStatus = status;
        this.lastDiagnostic = truncate(diagnostic, 1000);
        this.lastRemote = truncate(remote, 255);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
