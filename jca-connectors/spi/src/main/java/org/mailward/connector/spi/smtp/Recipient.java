package org.mailward.connector.spi.smtp;

import java.io.Serializable;

/**
 * A forward-path accepted by RCPT TO, with its DSN parameters (RFC 3461 section 4).
 *
 * @param address           the mailbox, as the client wrote it (without angle brackets)
 * @param dsnNotify          the NOTIFY value ({@code NEVER} or a comma list of SUCCESS, FAILURE, DELAY), or {@code null}
 * @param originalRecipient the ORCPT value ({@code addr-type;xtext}), or {@code null}
 */
public record Recipient(String address, String dsnNotify, String originalRecipient) implements Serializable {

    public Recipient(String address) {
        this(address, null, null);
    }
}
