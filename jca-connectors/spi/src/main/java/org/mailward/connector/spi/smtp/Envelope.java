package org.mailward.connector.spi.smtp;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.mailward.connector.spi.ConnectionInfo;

/**
 * One SMTP mail transaction as far as it has come: who connected, who they said and proved they
 * are, the reverse-path with its MAIL parameters, and the recipients accepted so far.
 *
 * @param helo          the domain the client gave in HELO/EHLO
 * @param esmtp         whether the client greeted with EHLO
 * @param account       the authenticated account's address, or {@code null}
 * @param sender        the reverse-path without angle brackets; empty for the null sender {@code <>}
 * @param declaredSize  the SIZE parameter (RFC 1870), or -1 when the client gave none
 * @param eightBit      whether the client declared BODY=8BITMIME (RFC 6152)
 * @param smtpUtf8      whether the client asked for SMTPUTF8 (RFC 6531)
 * @param dsnReturn     the DSN RET value ({@code FULL} or {@code HDRS}), or {@code null}
 * @param dsnEnvelopeId the DSN ENVID value, or {@code null}
 * @param recipients    the recipients accepted so far, in order
 */
public record Envelope(ConnectionInfo connection, String helo, boolean esmtp, String account, String sender, long declaredSize,
                       boolean eightBit, boolean smtpUtf8, String dsnReturn, String dsnEnvelopeId,
                       List<Recipient> recipients) implements Serializable {

    public Envelope {
        recipients = List.copyOf(recipients);
    }

    public Envelope with(Recipient recipient) {
        List<Recipient> more = new ArrayList<>(recipients);
        more.add(recipient);
        return new Envelope(connection, helo, esmtp, account, sender, declaredSize, eightBit, smtpUtf8, dsnReturn,
                dsnEnvelopeId, more);
    }
}
