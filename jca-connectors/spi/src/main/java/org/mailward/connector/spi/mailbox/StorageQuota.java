package org.mailward.connector.spi.mailbox;

/**
 * An account's storage quota, as IMAP's QUOTA extension reports it (RFC 9208, resource STORAGE).
 *
 * @param usedBytes  what the account's messages take
 * @param limitBytes the account's quota; 0 when it has none
 */
public record StorageQuota(long usedBytes, long limitBytes) {
}
