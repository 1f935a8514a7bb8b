package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.it.ImapIT.last;

/**
 * SORT and THREAD (RFC 5256, RFC 5957's DISPLAYFROM) over a raw connection, on seven messages
 * delivered over SMTP in order (UID and sequence number 1 to 7), with these fields:
 * <pre>
 *  # From                       Subject (base)                Date (UTC)         Message-ID  References
 *  1 "Zoe Quinn" zoe@           Project plan                  2020-06-01 10:00   p1
 *  2 adam@                      Re: Project plan              2020-06-01 11:00   p2          p1
 *  3 "Bea Young" young@         Lunch                         2020-05-31 16:00   l1
 *  4 carl@                      [team] Re: Project plan       2020-06-01 11:30   p3          p1 p2
 *  5 dana@                      Re: Budget                    2020-06-02 08:00   b2          b1 (never arrives)
 *  6 erin@                      Re: Budget (RFC 2047)         2020-06-02 09:00   b3          In-Reply-To b1
 *  7 adam@                      Lunch                         none: arrival      l2
 * </pre>
 */
class ImapSortThreadIT {

    private static String user;

    @BeforeAll
    static void aMailbox() throws Exception {
        String domain = TestDomains.create(ApiClient.asAdministrator(), "imapsort", "");
        user = TestDomains.createUser(domain, "sorter");
        deliver(1, "\"Zoe Quinn\" <zoe@example.net>", "Project plan", "Mon, 1 Jun 2020 10:00:00 +0000", "<p1@it.test>", null, null);
        deliver(2, "adam@example.net", "Re: Project plan", "Mon, 1 Jun 2020 13:00:00 +0200", "<p2@it.test>", "<p1@it.test>", "<p1@it.test>");
        deliver(3, "\"Bea Young\" <young@example.net>", "Lunch", "Sun, 31 May 2020 09:00:00 -0700", "<l1@it.test>", null, null);
        deliver(4, "carl@example.net", "[team] Re: Project plan", "Mon, 1 Jun 2020 11:30:00 +0000", "<p3@it.test>", "<p2@it.test>",
                "<p1@it.test>\r\n <p2@it.test>");
        deliver(5, "dana@example.net", "Re: Budget", "Tue, 2 Jun 2020 08:00:00 +0000", "<b2@it.test>", null, "<b1@it.test>");
        deliver(6, "erin@example.net", "=?UTF-8?Q?Re=3A_Budget?=", "Tue, 2 Jun 2020 09:00:00 +0000", "<b3@it.test>", "<b1@it.test>", null);
        deliver(7, "adam@example.net", "Lunch", null, "<l2@it.test>", null, null);
    }

    /** Delivers message {@code number} and waits for it, so that UIDs follow the numbers. */
    private static void deliver(int number, String from, String subject, String date, String messageId, String inReplyTo,
                                String references) throws Exception {
        StringBuilder message = new StringBuilder("From: " + from + "\r\nTo: " + user + "\r\nSubject: " + subject + "\r\n");
        if (date != null) {
            message.append("Date: ").append(date).append("\r\n");
        }
        message.append("Message-ID: ").append(messageId).append("\r\n");
        if (inReplyTo != null) {
            message.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
        }
        if (references != null) {
            message.append("References: ").append(references).append("\r\n");
        }
        message.append("\r\nMessage ").append(number).append(".\r\n");
        Mailboxes.deliver(user, message.toString());
        Mailboxes.of(user).awaitInbox(number);
    }

    @Test
    void sortsByEachCriterionTiesInSequenceOrder() throws Exception {
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            String capabilities = imap.exchange("a CAPABILITY", "a ").getFirst();
            assertTrue(capabilities.contains(" SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES"), capabilities);
            imap.exchange("b EXAMINE INBOX", "b ");

            assertEquals(List.of("* SORT 3 1 2 4 5 6 7", "c OK SORT completed"), imap.exchange("c SORT (DATE) UTF-8 ALL", "c "),
                    "by the Date field in UTC; 7 has none and sorts by its arrival, now");
            assertEquals("* SORT 7 6 5 4 2 1 3", imap.exchange("d SORT (REVERSE DATE) UTF-8 ALL", "d ").getFirst());
            assertEquals("* SORT 5 6 3 7 1 2 4", imap.exchange("e SORT (SUBJECT) UTF-8 ALL", "e ").getFirst(),
                    "by base subject: Budget, Lunch, Project plan");
            assertEquals("* SORT 6 5 7 3 4 2 1", imap.exchange("f SORT (SUBJECT REVERSE DATE) US-ASCII ALL", "f ").getFirst());
            assertEquals("* SORT 2 7 4 5 6 3 1", imap.exchange("g SORT (FROM) UTF-8 ALL", "g ").getFirst(),
                    "by local part: adam, adam, carl, dana, erin, young, zoe");
            assertEquals("* SORT 1 3 6 5 4 2 7", imap.exchange("h SORT (REVERSE FROM) UTF-8 ALL", "h ").getFirst(),
                    "REVERSE leaves the two of adam in sequence order");
            assertEquals("* SORT 2 7 3 4 5 6 1", imap.exchange("i SORT (DISPLAYFROM) UTF-8 ALL", "i ").getFirst(),
                    "by display name or address: adam@, adam@, Bea Young, carl@, dana@, erin@, Zoe Quinn");
            assertEquals("* SORT 7 6 5 4 3 2 1", imap.exchange("j UID SORT (REVERSE ARRIVAL) UTF-8 ALL", "j ").getFirst());
            assertEquals("* SORT 4 2 1", imap.exchange("k SORT (REVERSE DATE) UTF-8 SUBJECT plan", "k ").getFirst(),
                    "only what the search program finds");
            assertEquals("l NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset", last(imap.exchange("l SORT (DATE) KOI8-R ALL", "l ")));
            assertEquals("m BAD Unknown sort criterion NAME", last(imap.exchange("m SORT (NAME) UTF-8 ALL", "m ")));
        }
    }

    @Test
    void threadsByReferencesAndBySubject() throws Exception {
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a EXAMINE INBOX", "a ");

            // 5 and 6 share a parent that never arrived: a dummy. 3 and 7 share a subject, neither a
            // reply: a dummy too. The threads by the date of their first message.
            assertEquals(List.of("* THREAD ((3)(7))(1 2 4)((5)(6))", "b OK THREAD completed"),
                    imap.exchange("b THREAD REFERENCES UTF-8 ALL", "b "));
            assertEquals(List.of("* THREAD (3 7)(1 (2)(4))(5 6)", "c OK UID THREAD completed"),
                    imap.exchange("c UID THREAD ORDEREDSUBJECT UTF-8 ALL", "c "));
            assertEquals("* THREAD (1 4)", imap.exchange("d THREAD REFERENCES UTF-8 NOT UID 2:3,5:7", "d ").getFirst(),
                    "a missing message's reply takes its place");
            assertEquals("e BAD Unknown threading algorithm XREFS", last(imap.exchange("e THREAD XREFS UTF-8 ALL", "e ")));
        }
    }
}
