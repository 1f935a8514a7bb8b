package org.mailward.admin.probe;

import java.time.Instant;

/**
 * A probe as the operator sees it; {@code receivedAt} is null until the consumer has run.
 */
public record ProbeStatus(String id, String requestedBy, Instant sentAt, Instant receivedAt, String receivedOn) {
}
