package org.mailward.mailbox.store;

import java.util.List;

/**
 * Message rows about to be deleted (expunge, move, a folder's or an account's deletion), fired
 * inside the deleting transaction so that what keeps data about them (the full-text index) forgets
 * them with it. A folder's or an account's messages come a page of {@link #PAGE} at a time, so
 * that none of their ids are all in memory at once.
 */
public record MessagesRemoved(List<Long> messageIds) {

    /** The most ids of one event when a whole folder goes. */
    public static final int PAGE = 10_000;
}
