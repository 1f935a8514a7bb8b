package org.mailward.transport.outbound.smtp;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One RCPT TO, with its RFC 3461 parameters as the message's sender asked for them. The parameters are sent only
 * to a server that offers DSN. A control character in the address is refused: it would end the command line.
 *
 * @param dsnNotify         the NOTIFY value, e.g. {@code FAILURE,DELAY}, or {@code null}
 * @param originalRecipient the ORCPT value before xtext encoding, e.g. {@code rfc822;a@example.org}, or {@code null}
 */
public record EnvelopeRecipient(String address, String dsnNotify, String originalRecipient) {

    private static final Pattern NOTIFY = Pattern.compile("[A-Za-z]+(,[A-Za-z]+)*");

    public EnvelopeRecipient {
        Commands.requireInline(Objects.requireNonNull(address, "address"), "address");
        if (dsnNotify != null && !NOTIFY.matcher(dsnNotify).matches()) {
            throw new IllegalArgumentException("NOTIFY " + dsnNotify);
        }
    }
}
