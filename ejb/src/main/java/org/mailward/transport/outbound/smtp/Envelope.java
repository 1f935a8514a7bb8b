package org.mailward.transport.outbound.smtp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What MAIL FROM and the RCPT TOs of one transaction carry.
 *
 * @param sender        the reverse-path without angle brackets, without control characters; {@code ""} for the null
 *                      reverse-path of bounces
 * @param recipients    distinct, at least one; the result answers each of them in this order
 * @param dsnReturn     RET: {@code FULL}, {@code HDRS} or {@code null}
 * @param dsnEnvelopeId ENVID before xtext encoding, or {@code null}
 */
public record Envelope(String sender, List<EnvelopeRecipient> recipients, String dsnReturn, String dsnEnvelopeId) {

    public Envelope {
        Commands.requireInline(Objects.requireNonNull(sender, "sender"), "sender");
        if (dsnReturn != null && !dsnReturn.equalsIgnoreCase("FULL") && !dsnReturn.equalsIgnoreCase("HDRS")) {
            throw new IllegalArgumentException("RET " + dsnReturn);
        }
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs a recipient");
        }
        if (new HashSet<>(recipients).size() != recipients.size()) {
            throw new IllegalArgumentException("recipients must be distinct: " + recipients);
        }
    }
}
