package org.mailward.security.ids;

import java.time.Instant;

/** A block as the system administrator sees it. */
public record IdsBlockView(String address, String reason, Instant blockedAt, Instant expiresAt) {
}
