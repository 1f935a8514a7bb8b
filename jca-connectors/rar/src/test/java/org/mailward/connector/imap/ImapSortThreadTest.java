package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.mailbox.ThreadNode;

/** SORT and THREAD (RFC 5256): what the session reads, and how it numbers and writes what the backend answers. */
class ImapSortThreadTest {

    /** INBOX with UIDs 2, 3, 4 as sequence numbers 1, 2, 3. */
    private static FakeMailboxes mailboxes() {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        for (int i = 0; i < 4; i++) {
            mailboxes.message("INBOX", "message " + i);
        }
        mailboxes.folders.get("INBOX").messages.remove(1L);
        return mailboxes;
    }

    private static ImapSession selected(FakeMailboxes mailboxes) throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s SELECT INBOX");
        mailboxes.calls.clear();
        return session;
    }

    private static ThreadNode node(long uid, ThreadNode... children) {
        return new ThreadNode(uid, List.of(children));
    }

    @Test
    void sortAnswersSequenceNumbersInTheBackendsOrder() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        mailboxes.sorted = new long[] {4, 2, 9, 3};
        ImapSession session = selected(mailboxes);

        assertEquals(List.of("* SORT 3 1 2", "a OK SORT completed"), answer(session, "a SORT (REVERSE DATE subject) UTF-8 ALL"),
                "UID 9, which the session has not been told of, is left out");
        assertEquals(List.of("sort INBOX [SortCriterion[key=DATE, reverse=true], SortCriterion[key=SUBJECT, reverse=false]] All[]"),
                mailboxes.calls);
        assertEquals(List.of("* SORT 4 2 3", "b OK UID SORT completed"), answer(session, "b UID SORT (DISPLAYFROM) us-ascii UID 2:4 UNSEEN"));
        assertTrue(mailboxes.calls.getLast().startsWith("sort INBOX [SortCriterion[key=DISPLAYFROM, reverse=false]] And[keys=[Uids"),
                mailboxes.calls.getLast());
        mailboxes.sorted = new long[0];
        assertEquals(List.of("* SORT", "c OK SORT completed"), answer(session, "c SORT (SIZE) UTF-8 SEEN"));
    }

    @Test
    void sortRefusesWhatItCannotRead() throws BackendUnavailableException {
        ImapSession session = selected(mailboxes());

        assertEquals(List.of("a NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset"), answer(session, "a SORT (DATE) KOI8-R ALL"));
        assertEquals(List.of("b BAD Unknown sort criterion NAME"), answer(session, "b SORT (NAME) UTF-8 ALL"));
        assertEquals(List.of("c BAD Expected ("), answer(session, "c SORT DATE UTF-8 ALL"));
        assertEquals(List.of("d BAD Missing argument"), answer(session, "d SORT (DATE) UTF-8"));
        assertEquals(List.of("e BAD Unknown sort criterion REVERSE"), answer(session, "e SORT (REVERSE REVERSE DATE) UTF-8 ALL"));
        assertEquals(List.of("f BAD Invalid argument"), answer(session, "f SORT () UTF-8 ALL"));
        assertEquals(List.of("g BAD Unknown search key NOTAKEY"), answer(session, "g SORT (DATE) UTF-8 NOTAKEY"));
    }

    @Test
    void sortAndThreadNeedASelectedMailbox() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("a BAD No mailbox selected"), answer(session, "a SORT (DATE) UTF-8 ALL"));
        assertEquals(List.of("b BAD No mailbox selected"), answer(session, "b THREAD REFERENCES UTF-8 ALL"));
    }

    @Test
    void threadWritesTheRfcsFormat() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        for (int i = 0; i < 96; i++) {
            mailboxes.message("INBOX", "message " + i);
        }
        mailboxes.threads = List.of(node(2), node(3, node(6, node(4, node(23)), node(44, node(7, node(96))))));
        ImapSession session = selected(mailboxes);

        assertEquals(List.of("* THREAD (2)(3 6 (4 23)(44 7 96))", "a OK THREAD completed"), answer(session, "a THREAD REFERENCES UTF-8 ALL"));
        assertEquals(List.of("thread INBOX REFERENCES All[]"), mailboxes.calls);
        mailboxes.threads = List.of(node(0, node(3), node(5)), node(1, node(0, node(8), node(9))));
        assertEquals(List.of("* THREAD ((3)(5))(1 (8)(9))", "b OK UID THREAD completed"), answer(session, "b UID THREAD orderedsubject UTF-8 ALL"),
                "a dummy at the top is a list of threads; one below gives its children to its parent");
        assertEquals("thread INBOX ORDEREDSUBJECT All[]", mailboxes.calls.getLast());
        mailboxes.threads = List.of();
        assertEquals(List.of("* THREAD", "c OK THREAD completed"), answer(session, "c THREAD REFERENCES UTF-8 DELETED"));
    }

    @Test
    void threadLeavesOutMessagesTheClientDoesNotKnowAndNumbersBySequence() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        mailboxes.threads = List.of(node(2, node(9, node(3), node(4))), node(0, node(10), node(11, node(3))), node(9));
        ImapSession session = selected(mailboxes);

        assertEquals(List.of("* THREAD (1 (2)(3))(2)", "a OK THREAD completed"), answer(session, "a THREAD REFERENCES UTF-8 ALL"),
                "unknown 9 gives its place to its replies; a dummy over unknown ones goes, and over one is that one");
    }

    @Test
    void threadRefusesWhatItCannotRead() throws BackendUnavailableException {
        ImapSession session = selected(mailboxes());

        assertEquals(List.of("a BAD Unknown threading algorithm XREFS"), answer(session, "a THREAD XREFS UTF-8 ALL"));
        assertEquals(List.of("b NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset"), answer(session, "b THREAD REFERENCES ISO-8859-1 ALL"));
        assertEquals(List.of("c NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset"), answer(session, "c THREAD REFERENCES CHARSET UTF-8 ALL"),
                "the charset comes without the CHARSET of SEARCH, which is no charset");
    }
}
