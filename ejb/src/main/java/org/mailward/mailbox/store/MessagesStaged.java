package org.mailward.mailbox.store;

/** Fired when a delivery staged a message in the folder; see {@link MailboxStore#deliver}. */
public record MessagesStaged(long folderId) {
}
