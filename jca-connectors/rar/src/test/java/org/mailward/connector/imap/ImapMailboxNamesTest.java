package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/** Mailbox names in modified UTF-7 for IMAP4rev1 clients, in UTF-8 once the client enables it (RFC 6855). */
class ImapMailboxNamesTest {

    private static FakeMailboxes mailboxes() {
        return new FakeMailboxes().folder("INBOX", null).folder("Entw\u00fcrfe", "\\Drafts").folder("Tom & Jerry", null);
    }

    @Test
    void anImap4rev1ClientReadsAndWritesModifiedUtf7() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw&APw-rfe\"", "* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                "* LIST (\\HasNoChildren) \"/\" \"Tom &- Jerry\"", "a OK LIST completed"), answer(session, "a LIST \"\" *"));
        assertEquals(List.of("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw&APw-rfe\"", "b OK LIST completed"),
                answer(session, "b LIST \"\" Entw&APw-*"), "the pattern is decoded too");
        assertEquals(List.of("* STATUS \"Entw&APw-rfe\" (MESSAGES 0)", "c OK STATUS completed"),
                answer(session, "c STATUS Entw&APw-rfe (MESSAGES)"));
        assertEquals(List.of("d OK CREATE completed"), answer(session, "d CREATE \"&ZeVnLIqe-/Tom &- Jerry\""));
        assertTrue(mailboxes.folders.containsKey("\u65e5\u672c\u8a9e/Tom & Jerry"), mailboxes.folders.keySet().toString());
    }

    @Test
    void aMalformedNameIsBadAndSaysWhy() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("a BAD Mailbox name is not valid modified UTF-7: '&' starts a shift that never ends with '-'"),
                answer(session, "a CREATE \"Tom & Jerry\""));
        assertEquals(List.of("b BAD Mailbox name is not valid modified UTF-7: 8-bit and control characters must be encoded"),
                answer(session, "b SELECT \"Entw\u00fcrfe\""), "raw UTF-8 needs UTF8=ACCEPT");
        assertEquals(List.of("c BAD Mailbox name is not valid modified UTF-7: printable US-ASCII must not be encoded"),
                answer(session, "c RENAME &AGE- x"));
        assertTrue(mailboxes.calls.stream().noneMatch(call -> call.startsWith("create") || call.startsWith("rename")));
    }

    @Test
    void afterEnableUtf8AcceptNamesAreUtf8BothWays() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("* ENABLED UTF8=ACCEPT", "e OK ENABLE completed"), answer(session, "e ENABLE utf8=accept XYZZY"));
        assertEquals(List.of("* ENABLED", "f OK ENABLE completed"), answer(session, "f ENABLE UTF8=ACCEPT"), "only what is enabled now");
        assertEquals(List.of("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Entw\u00fcrfe\"", "a OK LIST completed"),
                answer(session, "a LIST \"\" Entw*"));
        assertEquals(List.of("b OK CREATE completed"), answer(session, "b CREATE \"&AOk- caf\u00e9\""));
        assertTrue(mailboxes.folders.containsKey("&AOk- caf\u00e9"), "no modified UTF-7 is decoded any more");
        assertEquals(List.of("* STATUS \"&AOk- caf\u00e9\" (MESSAGES 0)", "c OK STATUS completed"),
                answer(session, "c STATUS \"&AOk- caf\u00e9\" (MESSAGES)"));
    }
}
