package org.mailward.transport.outbound.report;

import static org.mailward.transport.outbound.report.FieldText.field;
import static org.mailward.transport.outbound.report.FieldText.token;

import java.time.ZoneId;

/**
 * The machine-readable part: the body of message/delivery-status (RFC 3464 section 2), or of
 * message/global-delivery-status (RFC 6533 section 6) when it may carry UTF-8. Per-message
 * fields, then one group per recipient, each group after an empty line, fields in the order of
 * the RFC's grammar.
 */
final class StatusFields {

    /** Diagnostic text beyond this is cut: a reply is a few lines, not a document. */
    private static final int MAX_DIAGNOSTIC = 2000;

    private StatusFields() {
    }

    static String of(Report report, boolean utf8, ZoneId zone) {
        StringBuilder fields = new StringBuilder(512);
        if (report.envelopeId() != null) {
            fields.append(field("Original-Envelope-Id", token(report.envelopeId(), utf8)));
        }
        fields.append(field("Reporting-MTA", "dns; " + token(report.reportingMta(), utf8)));
        fields.append(field("Arrival-Date", FieldText.date(report.arrival(), zone)));
        for (RecipientReport recipient : report.recipients()) {
            fields.append("\r\n");
            if (recipient.originalRecipient() != null) {
                fields.append(field("Original-Recipient", typed(recipient.originalRecipient(), utf8)));
            }
            fields.append(field("Final-Recipient", address(recipient.address())));
            fields.append(field("Action", recipient.action().fieldValue()));
            fields.append(field("Status", recipient.status()));
            if (recipient.remoteMta() != null) {
                fields.append(field("Remote-MTA", "dns; " + token(recipient.remoteMta(), utf8)));
            }
            if (recipient.diagnostic() != null) {
                String reply = FieldText.text(recipient.diagnostic(), utf8).strip();
                if (reply.length() > MAX_DIAGNOSTIC) {
                    reply = reply.substring(0, MAX_DIAGNOSTIC) + "...";
                }
                fields.append(field("Diagnostic-Code", "smtp; " + reply));
            }
            if (recipient.lastAttempt() != null) {
                fields.append(field("Last-Attempt-Date", FieldText.date(recipient.lastAttempt(), zone)));
            }
            if (recipient.willRetryUntil() != null) {
                fields.append(field("Will-Retry-Until", FieldText.date(recipient.willRetryUntil(), zone)));
            }
        }
        return fields.toString();
    }

    /** An ASCII address is of type rfc822; one with UTF-8 is of RFC 6533's type utf-8. */
    static String address(String address) {
        String plain = token(address, true);
        return FieldText.isAscii(plain) ? "rfc822; " + plain : "utf-8; " + FieldText.unitext(plain);
    }

    /** An ORCPT value keeps the type it was given with; without one it is taken as rfc822. */
    private static String typed(String originalRecipient, boolean utf8) {
        String value = token(originalRecipient, utf8);
        return value.indexOf(';') > 0 ? value : "rfc822;" + value;
    }
}
