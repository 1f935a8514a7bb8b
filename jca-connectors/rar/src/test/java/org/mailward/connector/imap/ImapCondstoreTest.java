package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/**
 * CONDSTORE and QRESYNC (RFC 7162) between two sessions on one mailbox, and what a client that
 * uses neither keeps seeing. The mailbox starts at HIGHESTMODSEQ 5: messages 1 to 4, with the
 * modseqs 2 to 5.
 */
class ImapCondstoreTest {

    private static final String FLAGS = "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
    private static final String PERMANENT_FLAGS = "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted";

    private final FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
    private final ImapSession other = loggedIn(mailboxes);

    ImapCondstoreTest() throws BackendUnavailableException {
        mailboxes.message("INBOX", "a", "\\Seen");
        mailboxes.message("INBOX", "b");
        mailboxes.message("INBOX", "c");
        mailboxes.message("INBOX", "d");
        answer(other, "o SELECT INBOX");
    }

    @Test
    void aClientThatUsesNoModseqsSeesNone() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of(FLAGS, PERMANENT_FLAGS, "* 4 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid",
                "* OK [UIDNEXT 5] Predicted next UID", "a OK [READ-WRITE] SELECT completed"), answer(session, "a SELECT INBOX"));
        assertEquals(List.of("* 2 FETCH (FLAGS (\\Flagged))", "b OK STORE completed"), answer(other, "b STORE 2 +FLAGS (\\Flagged)"));
        answer(other, "c STORE 3 +FLAGS.SILENT (\\Deleted)");
        assertEquals(List.of("* 3 EXPUNGE", "d OK EXPUNGE completed"), answer(other, "d EXPUNGE"));

        assertEquals(List.of("* 3 EXPUNGE", "* 2 FETCH (FLAGS (\\Flagged))", "e OK NOOP completed"), answer(session, "e NOOP"));
        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen))", "f OK FETCH completed"), answer(session, "f FETCH 1 (FLAGS)"));
    }

    @Test
    void selectWithCondstoreTellsTheHighestModseqAndEveryFlagsResponseItsModseq() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of(FLAGS, PERMANENT_FLAGS, "* 4 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid",
                "* OK [UIDNEXT 5] Predicted next UID", "* OK [HIGHESTMODSEQ 5] Highest modseq", "a OK [READ-WRITE] SELECT completed"),
                answer(session, "a SELECT INBOX (CONDSTORE)"));
        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))", "* 2 FETCH (FLAGS () MODSEQ (3))", "b OK FETCH completed"),
                answer(session, "b FETCH 1:2 (FLAGS)"));
        assertEquals(List.of("* 3 FETCH (UID 3 MODSEQ (4))", "* 4 FETCH (UID 4 MODSEQ (5))", "c OK UID FETCH completed"),
                answer(session, "c UID FETCH 1:* (UID) (CHANGEDSINCE 3)"), "only what changed after 3, with its modseq");

        answer(other, "o STORE 1 +FLAGS.SILENT (\\Answered)");
        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen \\Answered) MODSEQ (6))", "d OK NOOP completed"), answer(session, "d NOOP"));
        assertEquals(List.of(FLAGS, "* OK [PERMANENTFLAGS ()] Flags permitted", "* 4 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid",
                "* OK [UIDNEXT 5] Predicted next UID", "* OK [HIGHESTMODSEQ 6] Highest modseq", "e OK [READ-ONLY] EXAMINE completed"),
                answer(session, "e EXAMINE INBOX"), "on for the rest of the session");
        assertEquals(List.of("f BAD Unknown SELECT parameter FOO"), answer(session, "f SELECT INBOX (FOO)"));
    }

    @Test
    void aCommandThatUsesModseqsTurnsThemOnAndTellsTheSelectedMailboxsHighest() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a EXAMINE INBOX");

        assertEquals(List.of("* OK [HIGHESTMODSEQ 5] Highest modseq", "* 1 FETCH (MODSEQ (2))", "b OK FETCH completed"),
                answer(session, "b FETCH 1 (MODSEQ)"));
        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen) MODSEQ (2))", "c OK FETCH completed"), answer(session, "c FETCH 1 (FLAGS)"));

        ImapSession unselected = loggedIn(mailboxes);
        assertEquals(List.of("* STATUS \"INBOX\" (HIGHESTMODSEQ 5 MESSAGES 4)", "d OK STATUS completed"),
                answer(unselected, "d STATUS INBOX (HIGHESTMODSEQ MESSAGES)"));
        assertTrue(answer(unselected, "e EXAMINE INBOX").contains("* OK [HIGHESTMODSEQ 5] Highest modseq"));
    }

    @Test
    void storeUnchangedSinceLeavesWhatChangedSinceAndSaysWhich() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a SELECT INBOX (CONDSTORE)");
        answer(other, "o STORE 2 +FLAGS (\\Flagged)");

        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen \\Answered) MODSEQ (7))", "b OK [MODIFIED 2] STORE completed"),
                answer(session, "b STORE 1:2 (UNCHANGEDSINCE 5) +FLAGS (\\Answered)"));
        assertEquals(List.of("* 3 FETCH (UID 3 MODSEQ (8))", "* 2 FETCH (FLAGS (\\Flagged) MODSEQ (6))", "c OK [MODIFIED 4] UID STORE completed"),
                answer(session, "c UID STORE 3:4 (UNCHANGEDSINCE 4) +FLAGS.SILENT (\\Seen)"),
                "the new modseq even when silent; the other session's change as an update");
        assertEquals(List.of("d OK [MODIFIED 1] STORE completed"), answer(session, "d STORE 1 (UNCHANGEDSINCE 0) -FLAGS (\\Seen)"),
                "every message has a modseq above 0");
        assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen \\Answered) MODSEQ (7))", "e OK FETCH completed"), answer(session, "e FETCH 1 FLAGS"));
        assertEquals(List.of("f BAD Unknown STORE modifier UNCHANGED"), answer(session, "f STORE 1 (UNCHANGED 5) +FLAGS (\\Seen)"));
    }

    @Test
    void searchModseqTellsTheHighestModseqFound() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a SELECT INBOX");
        answer(other, "o STORE 3 +FLAGS (\\Flagged)");
        answer(session, "n NOOP");

        assertEquals(List.of("* OK [HIGHESTMODSEQ 6] Highest modseq", "* SEARCH 3 4 (MODSEQ 6)", "b OK SEARCH completed"),
                answer(session, "b SEARCH MODSEQ 5"));
        assertEquals(List.of("* SEARCH 3 (MODSEQ 6)", "c OK UID SEARCH completed"),
                answer(session, "c UID SEARCH MODSEQ \"/flags/\\\\draft\" all 6"), "the entry named makes no difference");
        assertEquals(List.of("* SEARCH", "d OK SEARCH completed"), answer(session, "d SEARCH MODSEQ 7"));
        assertEquals(List.of("* SEARCH 1 2 4", "e OK SEARCH completed"),
                answer(session, "e SEARCH UNFLAGGED"), "no MODSEQ without the key");
        assertEquals(List.of("* ESEARCH (TAG \"f\") MIN 1 COUNT 4 MODSEQ 6", "f OK SEARCH completed"),
                answer(session, "f SEARCH RETURN (MIN COUNT) MODSEQ 2"));
        assertEquals(List.of("* ESEARCH (TAG \"g\") MIN 1 MODSEQ 2", "g OK SEARCH completed"), answer(session, "g SEARCH RETURN (MIN) MODSEQ 2"),
                "MIN alone: the modseq of the message it reports");
        assertEquals(List.of("h BAD Invalid MODSEQ entry type none"), answer(session, "h SEARCH MODSEQ \"/flags/x\" none 2"));
    }

    /** The other session flags 2 \Deleted and 4 \Flagged, expunges 2, and a message 5 arrives: HIGHESTMODSEQ 9. */
    private void changesWhileAway() throws BackendUnavailableException {
        answer(other, "o STORE 2 +FLAGS (\\Deleted)");
        answer(other, "o STORE 4 +FLAGS (\\Flagged)");
        answer(other, "o EXPUNGE");
        mailboxes.message("INBOX", "e");
    }

    @Test
    void selectWithQresyncTellsWhatVanishedAndChangedSinceTheClientsModseq() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        assertEquals(List.of("a BAD QRESYNC is not enabled"), answer(session, "a SELECT INBOX (QRESYNC (7 5))"));
        assertEquals(List.of("* ENABLED QRESYNC", "b OK ENABLE completed"), answer(session, "b ENABLE QRESYNC"));
        changesWhileAway();

        assertEquals(List.of(FLAGS, PERMANENT_FLAGS, "* 4 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid",
                "* OK [UIDNEXT 6] Predicted next UID", "* OK [HIGHESTMODSEQ 9] Highest modseq", "* VANISHED (EARLIER) 2",
                "* 3 FETCH (FLAGS (\\Flagged) UID 4 MODSEQ (7))", "c OK [READ-WRITE] SELECT completed"),
                answer(session, "c SELECT INBOX (QRESYNC (7 5 1:4))"), "among the UIDs the client knows");
        assertEquals(List.of("* OK [CLOSED] Previous mailbox closed", FLAGS, PERMANENT_FLAGS, "* 4 EXISTS", "* 0 RECENT",
                "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 6] Predicted next UID", "* OK [HIGHESTMODSEQ 9] Highest modseq",
                "* VANISHED (EARLIER) 2", "* 3 FETCH (FLAGS (\\Flagged) UID 4 MODSEQ (7))", "* 4 FETCH (FLAGS () UID 5 MODSEQ (9))",
                "d OK [READ-WRITE] SELECT completed"), answer(session, "d SELECT INBOX (QRESYNC (7 5 (1:4 1:4)))"),
                "all of them; the sequence match data is not needed");
        assertEquals(List.of("* OK [CLOSED] Previous mailbox closed", FLAGS, "* OK [PERMANENTFLAGS ()] Flags permitted", "* 4 EXISTS",
                "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 6] Predicted next UID", "* OK [HIGHESTMODSEQ 9] Highest modseq",
                "e OK [READ-ONLY] EXAMINE completed"), answer(session, "e EXAMINE INBOX (QRESYNC (8 5))"), "another UIDVALIDITY");
    }

    @Test
    void underQresyncExpungesVanish() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a ENABLE CONDSTORE QRESYNC");
        answer(session, "b SELECT INBOX");
        changesWhileAway();

        assertEquals(List.of("* VANISHED 2", "* 4 EXISTS", "* 3 FETCH (FLAGS (\\Flagged) UID 4 MODSEQ (7))", "c OK NOOP completed"),
                answer(session, "c NOOP"));
        assertEquals(List.of("* VANISHED (EARLIER) 2", "* 3 FETCH (FLAGS (\\Flagged) MODSEQ (7) UID 4)", "* 4 FETCH (FLAGS () MODSEQ (9) UID 5)",
                "d OK UID FETCH completed"), answer(session, "d UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)"));
        assertEquals(List.of("* 1 FETCH (MODSEQ (10))", "e OK STORE completed"), answer(session, "e STORE 1 +FLAGS.SILENT (\\Deleted)"));
        assertEquals(List.of("* VANISHED 1", "f OK EXPUNGE completed"), answer(session, "f EXPUNGE"));
        assertEquals(List.of("g BAD VANISHED needs UID FETCH and CHANGEDSINCE"), answer(session, "g FETCH 1 (FLAGS) (VANISHED)"));

        ImapSession withoutQresync = loggedIn(mailboxes);
        answer(withoutQresync, "h SELECT INBOX");
        assertEquals(List.of("i BAD QRESYNC is not enabled"), answer(withoutQresync, "i UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 VANISHED)"));
    }

    /**
     * The other session expunges 1 (modseq 7: what the client last saw), then 3 (modseq 9), and a
     * message 5 arrives (modseq 10). The records of both expunges are then pruned.
     */
    private void expungesForgottenSinceModseq7() throws BackendUnavailableException {
        answer(other, "o UID STORE 1 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        answer(other, "o UID STORE 3 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        mailboxes.message("INBOX", "e");
        mailboxes.prune("INBOX", 9);
    }

    @Test
    void aResyncFromBeforeThePrunedExpungesHearsOfEveryUidGoneThatItAskedAbout() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a ENABLE QRESYNC");
        expungesForgottenSinceModseq7();
        List<String> selected = List.of(FLAGS, PERMANENT_FLAGS, "* 3 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid",
                "* OK [UIDNEXT 6] Predicted next UID", "* OK [HIGHESTMODSEQ 10] Highest modseq");

        assertEquals(concat(selected, "* VANISHED (EARLIER) 1,3", "* 3 FETCH (FLAGS () UID 5 MODSEQ (10))",
                "b OK [READ-WRITE] SELECT completed"), answer(session, "b SELECT INBOX (QRESYNC (7 7))"),
                "1 as well as 3: which of them went after modseq 7 is no longer known");
        assertEquals(concat(closed(selected), "* VANISHED (EARLIER) 3", "c OK [READ-WRITE] SELECT completed"),
                answer(session, "c SELECT INBOX (QRESYNC (7 7 2:4))"),
                "only the UIDs the client knows");
        assertEquals(concat(closed(selected), "* VANISHED (EARLIER) 3", "* 3 FETCH (FLAGS () UID 5 MODSEQ (10))",
                "d OK [READ-WRITE] SELECT completed"), answer(session, "d SELECT INBOX (QRESYNC (7 7 (1,3 2,4)))"),
                "message 1 is still UID 2, so nothing below 2 is news; message 3 is no longer UID 4");
        assertEquals(concat(closed(selected), "* VANISHED (EARLIER) 1,3", "* 3 FETCH (FLAGS () UID 5 MODSEQ (10))",
                "e OK [READ-WRITE] SELECT completed"), answer(session, "e SELECT INBOX (QRESYNC (7 7 (1:2 3:4)))"),
                "the first pair does not match: nothing is left out");
        assertEquals(List.of("* VANISHED (EARLIER) 1,3", "* 3 FETCH (FLAGS () MODSEQ (10) UID 5)", "f OK UID FETCH completed"),
                answer(session, "f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 7 VANISHED)"));
        assertEquals(List.of("* 3 FETCH (FLAGS () MODSEQ (10) UID 5)", "g OK UID FETCH completed"),
                answer(session, "g UID FETCH 1:* (FLAGS) (CHANGEDSINCE 9 VANISHED)"), "from the last pruned modseq on, the records are whole");
    }

    @Test
    void aResyncFromThePrunedModseqOnIsExact() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a ENABLE QRESYNC");
        answer(other, "o UID STORE 1 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        answer(other, "o UID STORE 3 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        mailboxes.prune("INBOX", 7);

        assertTrue(answer(session, "b SELECT INBOX (QRESYNC (7 7))").contains("* VANISHED (EARLIER) 3"));
        assertTrue(answer(session, "c SELECT INBOX (QRESYNC (7 6))").contains("* VANISHED (EARLIER) 1,3"));
    }

    @Test
    void aSessionThatLookedBeforeThePrunedExpungesLosesOnlyWhatItNumbers() throws BackendUnavailableException {
        ImapSession qresyncSession = loggedIn(mailboxes);
        answer(qresyncSession, "a ENABLE QRESYNC");
        answer(other, "o UID STORE 1 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        answer(qresyncSession, "b SELECT INBOX");
        ImapSession plainSession = loggedIn(mailboxes);
        answer(plainSession, "c SELECT INBOX");
        answer(other, "o UID STORE 3 +FLAGS.SILENT (\\Deleted)");
        answer(other, "o EXPUNGE");
        mailboxes.prune("INBOX", 9);

        assertEquals(List.of("* VANISHED 3", "d OK NOOP completed"), answer(qresyncSession, "d NOOP"));
        assertEquals(List.of("* 2 EXPUNGE", "e OK NOOP completed"), answer(plainSession, "e NOOP"));
    }

    @Test
    void sequenceMatchDataWithoutAUidForEachNumberOrWithAStarIsBad() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes);
        answer(session, "a ENABLE QRESYNC");

        assertEquals(List.of("b BAD Invalid QRESYNC seq-match-data"), answer(session, "b SELECT INBOX (QRESYNC (7 5 (1:3 2:3)))"));
        assertEquals(List.of("c BAD Invalid QRESYNC seq-match-data"), answer(session, "c SELECT INBOX (QRESYNC (7 5 1:4 (1:* 1:4)))"));
    }

    private static List<String> closed(List<String> selected) {
        return concat(List.of("* OK [CLOSED] Previous mailbox closed"), selected.toArray(String[]::new));
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
