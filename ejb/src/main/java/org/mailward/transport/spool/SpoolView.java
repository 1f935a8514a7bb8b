package org.mailward.transport.spool;

import java.time.Instant;
import java.util.List;

/**
 * A spooled message as the administrator sees it.
 *
 * @param state QUEUED while its JMS message waits or is being retried; DEAD once the queue gave up
 *              and moved it to {@code mail.dlq}
 */
public record SpoolView(String id, String direction, String state, String sender, List<String> recipients, long size,
                        Instant receivedAt, String client, String account) {
}
