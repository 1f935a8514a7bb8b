package org.mailward.transport.outbound.report;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What happened to one recipient (RFC 3464 section 2.3).
 *
 * @param address           the envelope recipient
 * @param originalRecipient the ORCPT parameter as given with RCPT TO (RFC 3461), {@code "rfc822;a@b"}, or {@code null}
 * @param action            failed or delayed
 * @param status            the enhanced status code (RFC 3463), {@code "5.1.1"}; its class must fit the action
 * @param remoteMta         the host name of the server that answered, or {@code null}
 * @param diagnostic        that server's reply, {@code "550 5.1.1 No such user"}, or {@code null} for local reasons
 * @param lastAttempt       when delivery was last tried, or {@code null} if it never was
 * @param willRetryUntil    for {@link Action#DELAYED} only: when retrying stops, or {@code null} if unknown
 */
public record RecipientReport(String address, String originalRecipient, Action action, String status, String remoteMta,
                              String diagnostic, Instant lastAttempt, Instant willRetryUntil) {

    private static final Pattern STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public RecipientReport {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a recipient report needs the recipient's address");
        }
        Objects.requireNonNull(action, "action");
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("not an enhanced status code (RFC 3463): " + status);
        }
        // A relay carries a success (2) code, and only it. A delay carries a transient (4) code. A failure carries a permanent (5) one, or a transient
        // one whose persistence made the server give up (RFC 3463 section 3.1: 4.4.7 for an expired message).
        if ((action == Action.RELAYED) != (status.charAt(0) == '2') || action == Action.DELAYED && status.charAt(0) != '4') {
            throw new IllegalArgumentException("status " + status + " does not fit action " + action);
        }
        if (action != Action.DELAYED && willRetryUntil != null) {
            throw new IllegalArgumentException("only a delayed recipient is retried");
        }
    }
}
