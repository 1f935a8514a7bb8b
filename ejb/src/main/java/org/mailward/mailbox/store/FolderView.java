package org.mailward.mailbox.store;

/** A folder as IMAP STATUS, webmail and the API see it. */
public record FolderView(long id, String name, SpecialUse specialUse, boolean subscribed, long uidValidity,
                         long uidNext, long highestModseq, int messages, int unseen, long sizeBytes) {
}
