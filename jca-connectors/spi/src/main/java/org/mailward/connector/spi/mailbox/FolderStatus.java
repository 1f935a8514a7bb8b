package org.mailward.connector.spi.mailbox;

/** A folder's figures, for IMAP STATUS and SELECT. */
public record FolderStatus(String name, long uidValidity, long uidNext, long highestModseq, int messages, int unseen,
                           long size) {
}
