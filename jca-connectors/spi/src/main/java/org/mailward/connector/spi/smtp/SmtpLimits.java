package org.mailward.connector.spi.smtp;

import java.io.Serializable;

/**
 * What the administrator allows one SMTP session, read at the greeting so that the listener can
 * announce and enforce it without asking again.
 *
 * @param maxMessageBytes      the largest message accepted (announced in EHLO SIZE); a recipient's
 *                             domain may lower it, see {@link RecipientVerdict#maxMessageBytes()}
 * @param maxRecipients        recipients accepted in one transaction; more get {@code 452 4.5.3}
 * @param maxBadCommands       unknown, malformed or out-of-order commands before the session is dropped
 * @param slowDownAfterUnknown unknown recipients after which each further RCPT is answered later
 *                             (harvest protection); 0 never slows down
 * @param dropAfterUnknown     unknown recipients after which the session is dropped; 0 never drops
 */
public record SmtpLimits(long maxMessageBytes, int maxRecipients, int maxBadCommands,
                         int slowDownAfterUnknown, int dropAfterUnknown) implements Serializable {
}
