package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.mailbox.MailboxWatch;

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

    @Test
    void aFetchOfSomeMessagesSetsSeenOnThoseAloneNotOnTheOnesBetween() throws BackendUnavailableException {
        FakeMailboxes mailboxes = inboxOf(3);
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s SELECT INBOX");

        answer(session, "a FETCH 1,3 BODY[]");

        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen))", "* 2 FETCH (FLAGS ())", "* 3 FETCH (FLAGS (\\Seen))",
                "b OK FETCH completed"), answer(session, "b FETCH 1:3 FLAGS"));
    }

    @Test
    void smallFetchesOfAnUnchangedMailboxShareOneListing() throws BackendUnavailableException {
        FakeMailboxes mailboxes = inboxOf(3);
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        mailboxes.listings.clear();

        answer(session, "a UID FETCH 1 BODY.PEEK[]");
        assertEquals(List.of("* 2 FETCH (BODY[] {17}", "Subject: 2", "", "2", " UID 2)", "b OK UID FETCH completed"),
                answer(session, "b UID FETCH 2 BODY.PEEK[]"));
        assertEquals(List.of(3L), mailboxes.listings, "the first FETCH listed the messages after it too; the second asked nothing");
    }

    @Test
    void aChangeHeardMakesTheNextFetchListAgain() throws BackendUnavailableException {
        FakeMailboxes mailboxes = inboxOf(2);
        ImapSession session = loggedIn(mailboxes);
        ImapSession other = loggedIn(mailboxes);
        answer(session, "s SELECT INBOX");
        answer(other, "s SELECT INBOX");
        answer(session, "a FETCH 1 FLAGS");

        answer(other, "b STORE 2 +FLAGS (\\Flagged)");

        assertEquals(List.of("* 2 FETCH (FLAGS (\\Flagged))", "c OK FETCH completed"), answer(session, "c FETCH 2 FLAGS"));
    }

    @Test
    void aChangeOfAccessMakesTheNextFetchAskTheBackend() throws BackendUnavailableException {
        FakeMailboxes mailboxes = inboxOf(2);
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        answer(session, "a FETCH 1 FLAGS");
        mailboxes.listings.clear();

        MailboxWatch.accessChanged();
        answer(session, "b FETCH 2 FLAGS");

        assertEquals(List.of(1L), mailboxes.listings, "the backend, which checks access, was asked");
    }

    @Test
    void aSparseFetchListsOnlyTheMessagesItNames() throws BackendUnavailableException {
        FakeMailboxes mailboxes = inboxOf(300);
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        mailboxes.listings.clear();

        assertEquals(List.of("* 1 FETCH (UID 1)", "* 2 FETCH (UID 2)", "* 300 FETCH (UID 300)", "a OK FETCH completed"),
                answer(session, "a FETCH 1:2,300 UID"));
        assertEquals(List.of(2L, 1L), mailboxes.listings, "one listing per run, not the 300 messages between");
    }

    /** An INBOX of {@code count} small messages: "Subject: n", body "n". */
    private static FakeMailboxes inboxOf(int count) {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        for (int i = 1; i <= count; i++) {
            mailboxes.message("INBOX", "Subject: " + i + "\r\n\r\n" + i + "\r\n");
        }
        return mailboxes;
    }
}
