package org.mailward.mailbox.store;

import java.time.Instant;
import java.util.Set;

/** A message as a listing shows it. */
public record MessageView(long uid, long modseq, Set<MessageFlag> flags, Set<String> keywords, Instant internalDate,
                          long size, MessageSummary summary) {

    public MessageView withSummary(MessageSummary newSummary) {
        return new MessageView(uid, modseq, flags, keywords, internalDate, size, newSummary);
    }
}
