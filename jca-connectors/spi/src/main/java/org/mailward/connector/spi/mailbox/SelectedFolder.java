package org.mailward.connector.spi.mailbox;

/**
 * A folder opened by SELECT or EXAMINE: its figures, and the UIDs of its messages in order, from
 * which the session numbers them.
 *
 * @param folderId    what {@link MailboxWatch} knows the folder by
 * @param firstUnseen the UID of the first message without {@code \Seen}, 0 if there is none
 */
public record SelectedFolder(long folderId, FolderStatus status, long[] uids, long firstUnseen) {
}
