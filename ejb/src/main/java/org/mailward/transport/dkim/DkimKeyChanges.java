package org.mailward.transport.dkim;

/**
 * What an administrator asks for: a new key with its {@code algorithm} ({@code rsa-sha256} or
 * {@code ed25519-sha256}), an optional {@code selector}, and whether it signs at once ({@code
 * active}, default true); or, for an existing key, only {@code active}.
 */
public record DkimKeyChanges(String algorithm, String selector, Boolean active) {
}
