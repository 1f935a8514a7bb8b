package org.mailward.transport.inbound;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The trace fields a receiving server puts on top of a message (RFC 5321 section 4.4): Return-Path
 * with the envelope sender, and a Received line saying from where, by whom, how (RFC 3848
 * protocol types) and when. Client-supplied text is reduced to safe printable ASCII.
 */
final class ReceivedHeader {

    private static final int MAX_HELO = 100;

    private ReceivedHeader() {
    }

    /**
     * @param recipient the single recipient for the "for" clause, or {@code null} when there are several
     */
    static byte[] trace(String sender, String helo, String clientIp, String hostname, boolean esmtp, boolean tls,
                        boolean authenticated, boolean utf8, String id, String recipient, ZonedDateTime now) {
        // RFC 3848 and RFC 6531 register S and A suffixes only for sessions that began with EHLO.
        String protocol = !esmtp ? "SMTP" : (utf8 ? "UTF8SMTP" : "ESMTP") + (tls ? "S" : "") + (authenticated ? "A" : "");
        StringBuilder header = new StringBuilder()
                .append("Return-Path: <").append(safe(sender, 320, utf8)).append(">\r\n")
                .append("Received: from ").append(safe(helo, MAX_HELO, false)).append(" ([").append(clientIp).append("])\r\n")
                .append("\tby ").append(hostname).append(" (Mailward) with ").append(protocol).append(" id ").append(id).append("\r\n");
        if (recipient != null) {
            header.append("\tfor <").append(safe(recipient, 320, utf8)).append(">");
        }
        header.append("; ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now)).append("\r\n");
        return header.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Printable ASCII (and, in a UTF-8 session, non-ASCII) without comment parentheses; anything else becomes '?'. */
    private static String safe(String text, int max, boolean utf8) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> safe.appendCodePoint(
                (c > 32 && c < 127 && c != '(' && c != ')') || (utf8 && c >= 0x80 && c != 0xFFFD) ? c : '?'));
        return safe.toString();
    }
}
