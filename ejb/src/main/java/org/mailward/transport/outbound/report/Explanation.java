package org.mailward.transport.outbound.report;

import java.time.ZoneId;
import java.util.Map;

/**
 * The first part, for the person who sent the message: which recipients did not get it, why in
 * plain words (from the RFC 3463 status code), the receiving server's own reply quoted, and for
 * a delay until when we keep trying.
 */
final class Explanation {

    /** What an enhanced status code's subject and detail mean (RFC 3463 section 3, RFC 7505), in a user's words. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("1.1", "the mailbox does not exist"),
            Map.entry("1.2", "the recipient's domain does not exist or does not receive mail"),
            Map.entry("1.3", "the address is not valid"),
            Map.entry("1.6", "the mailbox has moved and has no forwarding address"),
            Map.entry("1.10", "the recipient's domain does not receive mail"),
            Map.entry("2.1", "the mailbox is disabled"),
            Map.entry("2.2", "the mailbox is full"),
            Map.entry("2.3", "the message is bigger than the mailbox accepts"),
            Map.entry("3.1", "the receiving mail system is full"),
            Map.entry("3.2", "the receiving mail system is not accepting mail now"),
            Map.entry("3.4", "the message is bigger than the receiving mail system accepts"),
            Map.entry("4.1", "the recipient's mail server did not answer"),
            Map.entry("4.2", "the connection to the recipient's mail server broke off"),
            Map.entry("4.4", "no mail server was found for the recipient's domain"),
            Map.entry("4.6", "the message was being passed around in a loop"),
            Map.entry("4.7", "the message could not be delivered in the time allowed"),
            Map.entry("7.1", "the recipient's mail system refused it by its policy"),
            Map.entry("7.26", "the recipient's mail system could not confirm it came from your domain"));

    private Explanation() {
    }

    static String of(Report report, boolean returnedWhole, ZoneId zone) {
        StringBuilder text = new StringBuilder(1024)
                .append("This is the mail system at ").append(FieldText.token(report.reportingMta(), true)).append(".\r\n");
        for (RecipientReport recipient : report.recipients()) {
            String address = FieldText.token(recipient.address(), true);
            if (recipient.action() == Action.RELAYED) {
                text.append("\r\n").append("Your message to ").append(address).append(" was passed on to ")
                        .append(recipient.remoteMta() == null ? "the next mail server" : FieldText.token(recipient.remoteMta(), true))
                        .append(",\r\n  which does not send delivery reports: this is the last report you will get for it.\r\n");
                continue;
            }
            text.append("\r\n").append(recipient.action() == Action.FAILED
                    ? "Your message to " + address + " could not be delivered.\r\n"
                    : "Your message to " + address + " has not been delivered yet.\r\n");
            text.append("  Reason: ").append(reason(recipient.status())).append(" (").append(recipient.status()).append(").\r\n");
            if (recipient.diagnostic() != null) {
                text.append(recipient.remoteMta() != null
                        ? "  The receiving server " + FieldText.token(recipient.remoteMta(), true) + " replied:\r\n"
                        : "  The receiving server replied:\r\n");
                recipient.diagnostic().lines().map(line -> FieldText.text(line, true).strip()).filter(line -> !line.isEmpty())
                        .forEach(line -> text.append("    ").append(line).append("\r\n"));
            }
            if (recipient.action() == Action.DELAYED) {
                text.append(recipient.willRetryUntil() != null
                        ? "  The server will keep trying until " + FieldText.date(recipient.willRetryUntil(), zone) + ".\r\n"
                        : "  The server will keep trying.\r\n");
                text.append("  You do not need to send the message again.\r\n");
            }
        }
        text.append("\r\n").append(returnedWhole ? "Your message is attached."
                : report.wantsWholeMessage() ? "Your message is too big to be returned whole; its header fields are attached."
                : "The header fields of your message are attached.").append("\r\n");
        text.append("If you need help, forward this report to ").append(FieldText.token(report.postmaster(), true)).append(".\r\n");
        return text.toString();
    }

    private static String reason(String status) {
        String subjectAndDetail = status.substring(status.indexOf('.') + 1);
        String reason = REASONS.get(subjectAndDetail);
        if (reason != null) {
            return reason;
        }
        return status.charAt(0) == '5' ? "delivery failed" : "delivery is not possible at the moment";
    }
}
