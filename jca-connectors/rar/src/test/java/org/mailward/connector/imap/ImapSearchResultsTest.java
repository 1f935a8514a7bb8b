package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/** SEARCH RETURN: ESEARCH responses (RFC 4731) and the saved result {@code $} (RFC 5182). */
class ImapSearchResultsTest {

    /** UIDs 1 to 9; 2, 3, 4 and 9 are flagged. */
    private static ImapSession selected() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        for (int uid = 1; uid <= 9; uid++) {
            mailboxes.message("INBOX", "Subject: " + uid + "\r\n\r\n" + uid + "\r\n",
                    List.of(2, 3, 4, 9).contains(uid) ? new String[] {"\\Flagged"} : new String[0]);
        }
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s SELECT INBOX");
        return session;
    }

    @Test
    void theUidKeyTakesStarAsTheHighestUidAndRangesEitherWayRound() throws BackendUnavailableException {
        ImapSession session = selected();

        assertEquals(List.of("* SEARCH 8 9", "u1 OK UID SEARCH completed"), answer(session, "u1 UID SEARCH UID 8:*"));
        assertEquals(List.of("* SEARCH 2 3 4 9", "u2 OK UID SEARCH completed"), answer(session, "u2 UID SEARCH UID 4:2,*,3"));
        assertEquals(List.of("* SEARCH 2 3 9", "u3 OK UID SEARCH completed"), answer(session, "u3 UID SEARCH FLAGGED NOT UID 4:8"));
    }

    @Test
    void returnOptionsAnswerWithOneEsearchResponse() throws BackendUnavailableException {
        ImapSession session = selected();

        assertEquals(List.of("* ESEARCH (TAG \"a1\") UID MIN 2 MAX 9 COUNT 4 ALL 2:4,9", "a1 OK UID SEARCH completed"),
                answer(session, "a1 UID SEARCH RETURN (MIN MAX COUNT ALL) FLAGGED"));
        assertEquals(List.of("* ESEARCH (TAG \"a2\") ALL 2:4,9", "a2 OK SEARCH completed"),
                answer(session, "a2 SEARCH return () FLAGGED"), "an empty RETURN list means ALL");
        assertEquals(List.of("* ESEARCH (TAG \"a3\") COUNT 0", "a3 OK SEARCH completed"),
                answer(session, "a3 SEARCH RETURN (MIN COUNT ALL) DRAFT"), "nothing found: only the count");
        assertEquals(List.of("* SEARCH 2 3 4 9", "a4 OK SEARCH completed"), answer(session, "a4 SEARCH FLAGGED"),
                "without RETURN, the IMAP4rev1 response");
        assertEquals(List.of("a5 BAD Unknown SEARCH RETURN option PARTIAL"), answer(session, "a5 SEARCH RETURN (PARTIAL 1:5) ALL"));
    }

    @Test
    void saveKeepsTheResultForDollarInLaterCommands() throws BackendUnavailableException {
        ImapSession session = selected();

        assertEquals(List.of("b1 OK SEARCH completed"), answer(session, "b1 SEARCH RETURN (SAVE) FLAGGED"), "SAVE alone answers nothing");
        assertEquals(List.of("* SEARCH 3 4", "b2 OK SEARCH completed"), answer(session, "b2 SEARCH $ 3:8"));
        assertEquals(List.of("* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)", "* 4 FETCH (UID 4)", "* 9 FETCH (UID 9)",
                "b3 OK FETCH completed"), answer(session, "b3 FETCH $ UID"));
        assertEquals(List.of("* 4 FETCH (FLAGS (\\Flagged \\Seen) UID 4)", "b4 OK UID STORE completed"),
                answer(session, "b4 UID STORE 4 +FLAGS (\\Seen)"));

        assertEquals(List.of("* ESEARCH (TAG \"b5\") MIN 2 MAX 9", "b5 OK SEARCH completed"),
                answer(session, "b5 SEARCH RETURN (SAVE MIN MAX) FLAGGED"));
        assertEquals(List.of("* SEARCH 2 9", "b6 OK UID SEARCH completed"), answer(session, "b6 UID SEARCH UID $"),
                "with MIN and MAX alone, SAVE keeps only those");

        assertEquals(List.of("b7 BAD Unknown search key NONSENSE"), answer(session, "b7 SEARCH RETURN (SAVE) NONSENSE"));
        assertEquals(List.of("b8 OK FETCH completed"), answer(session, "b8 FETCH $ UID"), "a failed SEARCH empties $");
        answer(session, "b9 SEARCH RETURN (SAVE) FLAGGED");
        answer(session, "b10 SELECT INBOX");
        assertEquals(List.of("b11 OK FETCH completed"), answer(session, "b11 FETCH $ UID"), "each SELECT starts with an empty $");
    }
}
