package org.mailward.mailbox.store;

import java.util.List;

/**
 * Message rows about to be deleted (expunge, move, a folder's deletion), fired inside the deleting
 * transaction so that what keeps data about them (the full-text index) forgets them with it.
 */
public record MessagesRemoved(List<Long> messageIds) {
}
