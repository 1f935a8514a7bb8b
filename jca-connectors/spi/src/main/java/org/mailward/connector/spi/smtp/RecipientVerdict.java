package org.mailward.connector.spi.smtp;

import java.io.Serializable;

/**
 * The backend's answer to RCPT TO.
 *
 * @param reply           what to answer
 * @param unknown         the recipient does not exist here: it counts towards harvest protection
 * @param maxMessageBytes the largest message this recipient takes (its domain's limit), or
 *                        {@code Long.MAX_VALUE} when only the session's limit applies
 */
public record RecipientVerdict(SmtpReply reply, boolean unknown, long maxMessageBytes) implements Serializable {

    public static RecipientVerdict accept(long maxMessageBytes) {
        return new RecipientVerdict(SmtpReply.ok("2.1.5", "Recipient OK"), false, maxMessageBytes);
    }

    public static RecipientVerdict refuse(SmtpReply reply) {
        return new RecipientVerdict(reply, false, Long.MAX_VALUE);
    }

    public static RecipientVerdict unknownUser() {
        return new RecipientVerdict(new SmtpReply(550, "5.1.1", "No such user here"), true, Long.MAX_VALUE);
    }
}
