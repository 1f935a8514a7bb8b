package org.mailward.mailbox.search;

import org.apache.tika.exception.TikaException;

/**
 * A message's attachments were left unread, or read only in part, so that indexing goes on: its
 * time limit is over, or too many parsers that overran theirs still run. The reason is the message.
 */
final class ExtractionCutShort extends TikaException {

    ExtractionCutShort(String reason) {
        super(reason);
    }
}
