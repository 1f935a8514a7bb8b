package org.mailward.connector.smtp;

/**
 * The mailbox syntax of RFC 5321 section 4.1.2 (with the UTF-8 additions of RFC 6531): a
 * dot-string or quoted local part, {@code @}, and a domain or address literal. Only the syntax is
 * checked here; whether the mailbox exists is the backend's question.
 */
final class SmtpAddresses {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_DOMAIN = 255;
    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private SmtpAddresses() {
    }

    static boolean isMailbox(String mailbox) {
        int at = mailbox.lastIndexOf('@');
        if (at <= 0 || at == mailbox.length() - 1) {
            return false;
        }
        String local = mailbox.substring(0, at);
        String domain = mailbox.substring(at + 1);
        return local.length() <= MAX_LOCAL_PART && domain.length() <= MAX_DOMAIN
                && (isDotString(local) || isQuotedString(local))
                && (isDomain(domain) || isAddressLiteral(domain));
    }

    /** Whether the text has anything beyond ASCII, which only SMTPUTF8 allows in an address. */
    static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static boolean isDotString(String local) {
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        return local.chars().allMatch(c -> c == '.' || isAtext(c));
    }

    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0 || c >= 0x80;
    }

    private static boolean isQuotedString(String local) {
        if (local.length() < 2 || !local.startsWith("\"") || !local.endsWith("\"")) {
            return false;
        }
        for (int i = 1; i < local.length() - 1; i++) {
            char c = local.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= local.length() - 1 || local.charAt(i) < 32 || local.charAt(i) == 127) {
                    return false;
                }
            } else if (c == '"' || c < 32 || c == 127) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c >= 0x80)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAddressLiteral(String domain) {
        return domain.length() > 2 && domain.startsWith("[") && domain.endsWith("]")
                && domain.substring(1, domain.length() - 1).chars().allMatch(c -> c > 32 && c < 127 && c != '[' && c != ']' && c != '\\');
    }
}
