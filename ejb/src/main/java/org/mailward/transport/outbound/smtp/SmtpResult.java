package org.mailward.transport.outbound.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one delivery attempt decided.
 *
 * @param replies        one final reply per envelope recipient, in envelope order: the end-of-data reply for those the
 *                       server accepted, the RCPT reply for those it refused, the MAIL or DATA reply when those failed,
 *                       or a {@linkplain SmtpReply#local local} one for I/O errors, timeouts and local refusals
 * @param canTryNextHost the failure was the host's and the server decided nothing for any recipient (no connection,
 *                       bad greeting, EHLO, TLS or AUTH failure, 421 or a lost connection before the end of the
 *                       data); every recipient then carries the same 4xx reply and the next MX may be tried at once
 * @param tls            the session was encrypted when it ended
 * @param remoteName     the host name of the target, for the DSN's Remote-MTA
 * @param remoteDsn      the server offered DSN, so NOTIFY went on with the recipients and the server reports
 *                       further itself (RFC 3461 section 5.2.2)
 */
public record SmtpResult(Map<EnvelopeRecipient, SmtpReply> replies, boolean canTryNextHost, boolean tls,
                         String remoteName, boolean remoteDsn) {

    public SmtpResult {
        replies = Collections.unmodifiableMap(new LinkedHashMap<>(replies));
    }
}
