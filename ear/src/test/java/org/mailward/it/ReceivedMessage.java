package org.mailward.it;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One message the SMTP sink accepted, as the sending server put it on the wire.
 *
 * @param mailFrom        the reverse path, without angle brackets ("" for a bounce)
 * @param rcptTo          the recipients the sink accepted in this transaction, in order
 * @param rcptParameters  each accepted recipient's RCPT parameters as sent (e.g. "NOTIFY=FAILURE ORCPT=rfc822;a@b"), "" when none
 * @param data            the message after dot-unstuffing, CRLF line ends, without the final "."
 * @param tls             whether the transaction ran after STARTTLS
 * @param ehloName        the name the client gave in EHLO (or HELO)
 * @param mailParameters  the MAIL FROM parameters as sent (e.g. "SIZE=1234 BODY=8BITMIME RET=HDRS"), "" when none
 */
record ReceivedMessage(String mailFrom, List<String> rcptTo, Map<String, String> rcptParameters, byte[] data,
                       boolean tls, String ehloName, String mailParameters) {

    String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
