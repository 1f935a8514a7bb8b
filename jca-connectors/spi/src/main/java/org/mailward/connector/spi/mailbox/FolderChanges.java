package org.mailward.connector.spi.mailbox;

import java.util.List;

/**
 * What changed in a folder after a modseq: what is there now, the UIDs expunged, and the messages
 * added or changed (new ones have UIDs above those the session knows).
 */
public record FolderChanges(FolderStatus status, List<Long> expunged, List<MessageMeta> changed) {
}
