package org.mailward.connector.spi.mailbox;

/**
 * Messages that APPEND, COPY or MOVE put in a folder, for UIDPLUS (RFC 4315): the folder's
 * UIDVALIDITY, and each message's UID there beside its UID where it came from (none for APPEND).
 */
public record Transferred(long uidValidity, long[] sourceUids, long[] uids) {
}
