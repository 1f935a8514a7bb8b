package org.mailward.connector.spi.mailbox;

import java.time.Instant;
import java.util.List;

/**
 * A message's metadata, as FETCH answers it.
 *
 * @param flags system flags by their IMAP names ({@code \Seen}), then keywords
 */
public record MessageMeta(long uid, long modseq, List<String> flags, Instant internalDate, long size) {
}
