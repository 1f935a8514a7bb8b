package org.mailward.mailbox.store;

import java.time.Instant;

/**
 * The header fields a message is listed and searched by, decoded once when it is stored.
 * Text fields are cut to what the columns hold.
 */
public record MessageSummary(String subject, String from, String to, String cc, Instant sentDate, String messageId,
                             String inReplyTo) {

    public MessageSummary {
        subject = cut(subject, 1000);
        from = cut(from, 1000);
        to = cut(to, 2000);
        cc = cut(cc, 2000);
        messageId = cut(messageId, 1000);
        inReplyTo = cut(inReplyTo, 1000);
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
