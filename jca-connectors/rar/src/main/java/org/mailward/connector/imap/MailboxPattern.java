package org.mailward.connector.imap;

/**
 * LIST's mailbox patterns (RFC 9051 section 6.3.9): {@code *} matches anything, {@code %}
 * anything but the hierarchy delimiter; INBOX matches in any case. Matched in time proportional
 * to pattern length times name length, whatever the wildcards: no backtracking a client could
 * make explode.
 */
final class MailboxPattern {

    private final String pattern;

    private MailboxPattern(String pattern) {
        this.pattern = pattern;
    }

    static MailboxPattern of(String pattern) {
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5) && (pattern.length() == 5 || pattern.charAt(5) == '/')) {
            pattern = "INBOX" + pattern.substring(5);
        }
        return new MailboxPattern(pattern);
    }

    boolean matches(String name) {
        int length = name.length();
        // matched[j]: the pattern read so far matches the first j characters of the name
        boolean[] matched = new boolean[length + 1];
        matched[0] = true;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            boolean[] next = new boolean[length + 1];
            for (int j = 0; j <= length; j++) {
                next[j] = switch (c) {
                    case '*' -> matched[j] || (j > 0 && next[j - 1]);
                    case '%' -> matched[j] || (j > 0 && next[j - 1] && name.charAt(j - 1) != '/');
                    default -> j > 0 && matched[j - 1] && name.charAt(j - 1) == c;
                };
            }
            matched = next;
        }
        return matched[length];
    }
}
