package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/** What changes once a client enables IMAP4rev2 (RFC 9051 Appendix E), and what stays IMAP4rev1 until it does. */
class ImapRev2Test {

    private static FakeMailboxes mailboxes() {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null).folder("Archiv/Gel\u00f6scht", "\\Trash").folder("Sent", "\\Sent");
        mailboxes.message("INBOX", "a", "\\Seen");
        mailboxes.message("INBOX", "b");
        return mailboxes;
    }

    @Test
    void anImap4rev1ClientKeepsRecentUnseenAndTheSearchResponse() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* OK [PERMANENTFLAGS ()] Flags permitted",
                "* 2 EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 3] Predicted next UID",
                "a OK [READ-ONLY] EXAMINE completed"), answer(session, "a EXAMINE INBOX"));
        assertEquals(List.of("* SEARCH 2", "b OK SEARCH completed"), answer(session, "b SEARCH UNSEEN"));
    }

    @Test
    void afterEnableImap4rev2() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("* ENABLED IMAP4rev2", "e OK ENABLE completed"), answer(session, "e ENABLE IMAP4rev2"));
        assertEquals(List.of("* ENABLED", "f OK ENABLE completed"), answer(session, "f ENABLE UTF8=ACCEPT"), "IMAP4rev2 names in UTF-8 already");
        assertEquals(List.of("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)", "* OK [PERMANENTFLAGS ()] Flags permitted",
                "* 2 EXISTS", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 3] Predicted next UID",
                "a OK [READ-ONLY] EXAMINE completed"), answer(session, "a EXAMINE INBOX"), "no RECENT nor UNSEEN, the mailbox's LIST");
        assertEquals(List.of("* ESEARCH (TAG \"b\") ALL 2", "b OK SEARCH completed"), answer(session, "b SEARCH UNSEEN"));
        assertEquals(List.of("* ESEARCH (TAG \"c\") UID", "c OK UID SEARCH completed"), answer(session, "c UID SEARCH DRAFT"));
        assertEquals(List.of("* OK [CLOSED] Previous mailbox closed", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                "* OK [PERMANENTFLAGS ()] Flags permitted", "* 0 EXISTS", "* LIST (\\HasNoChildren \\Trash) \"/\" \"Archiv/Gel\u00f6scht\"",
                "* OK [UIDVALIDITY 7] UIDs valid", "* OK [UIDNEXT 1] Predicted next UID", "d OK [READ-ONLY] EXAMINE completed"),
                answer(session, "d EXAMINE \"Archiv/Gel\u00f6scht\""));
        assertEquals(List.of("* OK [CLOSED] Previous mailbox closed", "g NO [NONEXISTENT] No folder Nowhere"), answer(session, "g SELECT Nowhere"));
        assertEquals(List.of("* LIST (\\NonExistent \\HasChildren) \"/\" \"Archiv\"", "h OK LIST completed"), answer(session, "h LIST \"\" A%"));
        assertEquals(List.of("* STATUS \"INBOX\" (MESSAGES 2 DELETED 0)", "i OK STATUS completed"), answer(session, "i STATUS INBOX (MESSAGES DELETED)"));
    }
}
