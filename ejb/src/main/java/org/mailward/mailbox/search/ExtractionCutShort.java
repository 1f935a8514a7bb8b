package org.mailward.mailbox.search;

import org.apache.tika.exception.TikaException;

/**
 * A message's attachments were left unread, or read only in part, so that indexing goes on: its
 * time limit is over, or, for a while only, no parser could be had (too many that overran theirs
 * still run, all threads are busy, the server is stopping). The reason is the message.
 */
final class ExtractionCutShort extends TikaException {

    private final boolean forAWhile;

    /** @param forAWhile whether a later try may read the rest: the message's own time limit was not the cause */
    ExtractionCutShort(String reason, boolean forAWhile) {
        super(reason);
        this.forAWhile = forAWhile;
    }

    boolean forAWhile() {
        return forAWhile;
    }
}
