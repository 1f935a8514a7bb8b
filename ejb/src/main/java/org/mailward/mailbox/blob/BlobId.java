package org.mailward.mailbox.blob;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Names one stored message body: the domain whose tree holds it and the SHA-256 of its content.
 * Equal content in the same domain has the same id, so it is stored once.
 */
public record BlobId(String domain, String hash) {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    // A domain name as the directory keeps it (lower case, no path separators or dot-only names).
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    public BlobId {
        if (domain == null || !DOMAIN.matcher(domain).matches() || domain.contains("..")) {
            throw new IllegalArgumentException("Not a blob domain: " + domain);
        }
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("Not a SHA-256 hash: " + hash);
        }
    }

    static BlobId of(String domain, byte[] digest) {
        return new BlobId(domain, HexFormat.of().formatHex(digest));
    }
}
