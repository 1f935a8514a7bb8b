package org.mailward.mailbox.store;

import java.time.Instant;

/**
 * The header fields a message is listed, searched, sorted and threaded by, decoded once when it is
 * stored. Text fields are cut to what the columns hold.
 *
 * @param references the References field as sent, "" when the message has none; null when it is
 *                   not known (messages stored before the field was kept, ADR 0024)
 */
public record MessageSummary(String subject, String from, String to, String cc, Instant sentDate, String messageId,
                             String inReplyTo, String references) {

    /** What the column holds. */
    static final int MAX_REFERENCES = 4000;

    public MessageSummary {
        subject = cut(subject, 1000);
        from = cut(from, 1000);
        to = cut(to, 2000);
        cc = cut(cc, 2000);
        messageId = cut(messageId, 1000);
        inReplyTo = cut(inReplyTo, 1000);
        references = trimReferences(references);
    }

    public MessageSummary withReferences(String newReferences) {
        return new MessageSummary(subject, from, to, cc, sentDate, messageId, inReplyTo, newReferences);
    }

    /**
     * A References field too long for its column loses message IDs from the middle: the first
     * names the thread's start and the last the parent, which threading needs most (RFC 5322
     * section 3.6.4 trims so too).
     */
    private static String trimReferences(String references) {
        if (references == null || references.length() <= MAX_REFERENCES) {
            return references;
        }
        String[] ids = references.trim().split("\\s+");
        StringBuilder tail = new StringBuilder();
        for (int i = ids.length - 1; i > 0 && ids[0].length() + tail.length() + ids[i].length() + 2 <= MAX_REFERENCES; i--) {
            tail.insert(0, " " + ids[i]);
        }
        return cut(ids[0] + tail, MAX_REFERENCES);
    }

    private static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        // Never split a surrogate pair.
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
