package org.mailward.connector.spi.mailbox;

/**
 * A folder opened by SELECT or EXAMINE: its figures, and the UIDs of its messages in order, from
 * which the session numbers them.
 *
 * @param firstUnseen the UID of the first message without {@code \Seen}, 0 if there is none
 */
public record SelectedFolder(FolderStatus status, long[] uids, long firstUnseen) {
}
