package org.mailward.connector.imap;

import java.util.regex.Pattern;

/**
 * LIST's mailbox patterns (RFC 9051 section 6.3.9): {@code *} matches anything, {@code %}
 * anything but the hierarchy delimiter; INBOX matches in any case.
 */
final class MailboxPattern {

    private MailboxPattern() {
    }

    static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5) && (pattern.length() == 5 || pattern.charAt(5) == '/')) {
            regex.append("INBOX");
            pattern = pattern.substring(5);
        }
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '%') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : "[^/]*");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
