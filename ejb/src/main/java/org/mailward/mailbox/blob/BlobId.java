package org.mailward.mailbox.blob;

import java.util.HexFormat;

/**
 * Names one stored message body: the domain whose tree holds it and the SHA-256 of its content.
 * Equal content in the same domain has the same id, so it is stored once.
 */
public record BlobId(String domain, String hash) {

    private static final int HASH_LENGTH = 64;

    // Both name a path in the blob tree, so nothing else gets through. Checked by hand, not by a
    // regular expression: an IMAP FETCH makes one id per message it lists.
    public BlobId {
        if (!isDomain(domain)) {
            throw new IllegalArgumentException("Not a blob domain: " + domain);
        }
        if (!isHash(hash)) {
            throw new IllegalArgumentException("Not a SHA-256 hash: " + hash);
        }
    }

    /** A domain name as the directory keeps it: lower case letters, digits, dots and hyphens, a letter or digit at each end, no "..". */
    private static boolean isDomain(String domain) {
        if (domain == null || domain.isEmpty() || !isLetterOrDigit(domain.charAt(0))
                || !isLetterOrDigit(domain.charAt(domain.length() - 1)) || domain.contains("..")) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHash(String hash) {
        if (hash == null || hash.length() != HASH_LENGTH) {
            return false;
        }
        for (int i = 0; i < HASH_LENGTH; i++) {
            char c = hash.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    static BlobId of(String domain, byte[] digest) {
        return new BlobId(domain, HexFormat.of().formatHex(digest));
    }
}
