package org.mailward.mailbox.store;

import java.util.List;

/**
 * What changed in one folder, fired as a CDI event inside the changing transaction and published
 * on the {@code mail.events} topic once it commits ({@link MailboxEvents}), so that IDLE sessions
 * and webmail pages hear of it.
 *
 * @param kind   ADDED (new UIDs), FLAGS (UIDs whose flags changed), EXPUNGED (UIDs gone)
 * @param modseq the folder's highest modseq after the change
 */
public record MailboxChange(long accountId, long folderId, Kind kind, List<Long> uids, long modseq) {

    public enum Kind { ADDED, FLAGS, EXPUNGED }
}
