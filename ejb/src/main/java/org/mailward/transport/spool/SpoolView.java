package org.mailward.transport.spool;

import java.time.Instant;
import java.util.List;

/**
 * A spooled message as the administrator sees it.
 *
 * @param state QUEUED while it waits (an outbound row, or an inbound JMS message not yet handed to
 *              a consumer); DEAD once the queue gave up and moved it to {@code mail.dlq}
 */
public record SpoolView(String id, String direction, String state, String sender, List<String> recipients, long size,
                        Instant receivedAt, String client, String account) {
}
