package org.mailward.mailbox.store;

import java.text.Normalizer;

/**
 * Folder names: '/'-separated paths of non-empty parts in Net-Unicode (RFC 5198, which IMAP4rev2
 * requires of mailbox names, RFC 9051 section 5.1): Unicode NFC, without control characters or
 * line and paragraph separators.
 */
public final class FolderNames {

    public static final String DELIMITER = "/";
    private static final int MAX_LENGTH = 1000;

    private FolderNames() {
    }

    /** The name as stored, in NFC, or an INVALID error saying what is wrong. */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("A folder needs a name");
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFC); // first: NFC may lengthen a name
        if (name.length() > MAX_LENGTH) {
            throw invalid("A folder name has at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029)) {
            throw invalid("A folder name cannot hold control characters");
        }
        for (String part : name.split(DELIMITER, -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw invalid("'" + name + "' is not a folder path");
            }
        }
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    private static MailboxException invalid(String message) {
        return new MailboxException(MailboxException.Kind.INVALID, message);
    }
}
