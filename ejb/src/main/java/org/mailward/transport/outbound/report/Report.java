package org.mailward.transport.outbound.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One notification's content: what the message was and what happened to its recipients.
 *
 * @param reportingMta      our host name, the server writing the report
 * @param postmaster        the address the notification comes from, {@code postmaster@host}
 * @param recipient         the envelope sender the notification goes to; never the null sender (RFC 5321
 *                          section 4.5.5: nothing is sent about a message that had none)
 * @param envelopeId        the ENVID parameter given with MAIL FROM (RFC 3461), xtext-decoded, or {@code null}
 * @param returnFullMessage RET=FULL was asked for: return the whole message with a failure if it is small enough
 * @param arrival           when we accepted the message
 * @param recipients        one report per recipient the notification is about, at least one
 */
public record Report(String reportingMta, String postmaster, String recipient, String envelopeId,
                     boolean returnFullMessage, Instant arrival, List<RecipientReport> recipients) {

    public Report {
        requireText(reportingMta, "reportingMta");
        requireText(postmaster, "postmaster");
        requireText(recipient, "recipient (a notification is never sent to the null sender)");
        Objects.requireNonNull(arrival, "arrival");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a notification is about at least one recipient");
        }
    }

    /** RFC 3461 section 4.3: RET=FULL asks for the whole message in a report of failure; a delay warning gets the header fields. */
    boolean wantsWholeMessage() {
        return returnFullMessage && recipients.stream().anyMatch(recipient -> recipient.action() == Action.FAILED);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + what);
        }
    }
}
