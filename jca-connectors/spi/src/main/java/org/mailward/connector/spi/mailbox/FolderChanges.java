package org.mailward.connector.spi.mailbox;

import java.util.List;

/**
 * What changed in a folder after a modseq: what is there now, the UIDs expunged, and the messages
 * added or changed (new ones have UIDs above those the session knows).
 *
 * @param exact whether {@code expunged} is exactly the UIDs expunged after the modseq. When the
 *              records of the expunges after it are no longer kept (they are pruned after a while),
 *              it is false and {@code expunged} is every UID below UIDNEXT that the folder no longer
 *              has: more than asked, which RFC 7162 section 3.2.6 allows, and never less.
 */
public record FolderChanges(FolderStatus status, UidRanges expunged, boolean exact, List<MessageMeta> changed) {

    /** Exactly these UIDs were expunged. */
    public FolderChanges(FolderStatus status, List<Long> expunged, List<MessageMeta> changed) {
        this(status, UidRanges.of(expunged), true, changed);
    }
}
