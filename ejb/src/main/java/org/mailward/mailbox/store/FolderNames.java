package org.mailward.mailbox.store;

/** Folder names: '/'-separated paths of non-empty parts, without control characters. */
public final class FolderNames {

    public static final String DELIMITER = "/";
    private static final int MAX_LENGTH = 1000;

    private FolderNames() {
    }

    /** The name as stored, or an INVALID error saying what is wrong. */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw invalid("A folder needs a name");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("A folder name has at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
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
