package org.mailward.transport.outbound;

/**
 * What one attempt decided for one recipient.
 *
 * @param status     the RFC 3463 status, such as 2.0.0, 4.4.1 or 5.1.1
 * @param diagnostic the receiving server's reply, or null when the decision was ours (DNS, a local limit)
 * @param reason     what went wrong in words, for the bounce and the spool view when there is no reply; null on success
 * @param remote     the receiving server's host name, or null when none was reached
 * @param remoteDsn  the receiving server offered DSN, and reports further itself (RFC 3461)
 */
public record RecipientOutcome(String address, Kind kind, String status, String diagnostic, String reason, String remote,
                               boolean remoteDsn) {

    public enum Kind { DELIVERED, DEFERRED, FAILED }

    /** What the spool view and the log show of it. */
    String explanation() {
        return diagnostic != null ? diagnostic : status + " " + reason;
    }
}
