package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/** FETCH while another session expunges. */
class ImapFetchTest {

    @Test
    void aLargeFetchAsksForItsMessagesInBatches() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        int count = FetchResponses.BATCH * 2 + 1;
        for (int i = 0; i < count; i++) {
            mailboxes.message("INBOX", "Subject: " + i + "\r\n\r\nbody\r\n");
        }
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        mailboxes.listings.clear();

        List<String> lines = answer(session, "a FETCH 1:* (UID FLAGS)");
        assertEquals(count + 1, lines.size());
        assertEquals("* 1 FETCH (UID 1 FLAGS ())", lines.getFirst());
        assertEquals("* " + count + " FETCH (UID " + count + " FLAGS ())", lines.get(count - 1));
        assertEquals(List.of((long) FetchResponses.BATCH, (long) FetchResponses.BATCH, 1L), mailboxes.listings,
                "one listing per batch, never the whole mailbox at once");
    }

    @Test
    void aMessageExpungedDuringTheFetchIsLeftOutAndTheCommandSaysSo() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        mailboxes.message("INBOX", "Subject: one\r\n\r\n1\r\n");
        mailboxes.message("INBOX", "Subject: two\r\n\r\n2\r\n");
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        mailboxes.expungedMeanwhile.add(1L);

        assertEquals(List.of("* 2 FETCH (BODY[] {19}", "Subject: two", "", "2", ")",
                        "a NO [EXPUNGEISSUED] Some of the requested messages no longer exist"),
                answer(session, "a FETCH 1:2 BODY.PEEK[]"));
        assertEquals(List.of("* 2 FETCH (BODY[] {19}", "Subject: two", "", "2", " UID 2)", "b OK UID FETCH completed"),
                answer(session, "b UID FETCH 2 BODY.PEEK[]"), "the session goes on");
    }

    @Test
    void aFetchThatSetsSeenSendsTheBodyTheListingFoundWithTheNewFlags() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        mailboxes.message("INBOX", "Subject: one\r\n\r\n1\r\n");
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s SELECT INBOX");

        assertEquals(List.of("* 1 FETCH (BODY[] {19}", "Subject: one", "", "1", " FLAGS (\\Seen))", "a OK FETCH completed"),
                answer(session, "a FETCH 1 BODY[]"));
    }
}
