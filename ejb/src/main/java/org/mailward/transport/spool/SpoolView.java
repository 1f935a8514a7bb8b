package org.mailward.transport.spool;

import java.time.Instant;
import java.util.List;

/**
 * A spooled message as the administrator sees it.
 *
 * @param state     QUEUED while it waits for a consumer; DELIVERING while one delivers it (inbound); RETRYING
 *                  after a failed inbound attempt, until the queue's redelivery delay has passed;
 *                  DEFERRED after an outbound attempt left recipients waiting, until
 *                  {@code nextAttempt}; DEAD once the queue gave up and moved it to {@code mail.dlq}
 * @param attempts  the attempts made so far, null when unknown (a dead letter from before a restart)
 * @param lastError why the last attempt failed, null if none did or it is unknown
 * @param nextAttempt when a DEFERRED outbound message is attempted again; null otherwise
 */
public record SpoolView(String id, String direction, String state, String sender, List<String> recipients, long size,
                        Instant receivedAt, String client, String account, Integer attempts, String lastError,
                        Instant nextAttempt) {
}
