package org.mailward.connector.spi.mailbox;

/**
 * An account's INBOX as a POP3 session takes it at login (RFC 1939 section 8): what the session
 * numbers, lists and may delete until it ends. Mail that arrives later waits for the next session.
 *
 * @param uids          the messages' UIDs, ascending; POP3 message {@code n} is {@code uids[n - 1]}
 * @param sizes         each message's size in octets as stored, which is the size RETR sends before dot-stuffing
 * @param retrMarksSeen whether RETR sets {@code \Seen} (setting {@code pop3.retr-marks-seen}); by
 *                      default it does not, so mail fetched by POP3 stays unread for the user's other clients
 */
public record Maildrop(long uidValidity, long[] uids, long[] sizes, boolean retrMarksSeen) {

    public Maildrop {
        if (uids.length != sizes.length) {
            throw new IllegalArgumentException(uids.length + " UIDs but " + sizes.length + " sizes");
        }
    }
}
