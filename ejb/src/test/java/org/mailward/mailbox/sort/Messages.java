package org.mailward.mailbox.sort;

import org.mailward.mailbox.store.MessageSummary;
import org.mailward.mailbox.store.MessageView;

import java.time.Instant;
import java.util.Set;

/** Messages as the sort and thread tests need them: only the summary, dates and size count. */
final class Messages {

    private Messages() {
    }

    /** A message received at {@code minute} past the epoch's hour, sent then unless {@code sentMinute} says otherwise. */
    static MessageView message(long uid, String subject, Integer sentMinute) {
        return message(uid, subject, sentMinute, null, null, null);
    }

    static MessageView message(long uid, String subject, Integer sentMinute, String messageId, String inReplyTo, String references) {
        return view(uid, 100, new MessageSummary(subject, null, null, null, minute(sentMinute), messageId, inReplyTo, references));
    }

    static MessageView view(long uid, long size, MessageSummary summary) {
        return new MessageView(uid, uid, Set.of(), Set.of(), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(uid * 60), size, summary);
    }

    static Instant minute(Integer minute) {
        return minute == null ? null : Instant.parse("2026-06-01T10:00:00Z").plusSeconds(minute * 60L);
    }
}
