package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.ClientInput;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.mailbox.MessageShape;

/** Mailbox names in modified UTF-7 for IMAP4rev1 clients, in UTF-8 once the client enables it (RFC 6855), and 8-bit header text. */
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

    @Test
    void aDenormalizedNameStandsForItsNfcFormInEveryCommand() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);
        answer(session, "e ENABLE UTF8=ACCEPT");

        assertEquals(List.of("a OK CREATE completed"), answer(session, "a CREATE \"Cafe\u0301\""),
                "OLDNAME is IMAP4rev2's: an IMAP4rev1 client is not told");
        assertTrue(mailboxes.folders.containsKey("Caf\u00e9"), mailboxes.folders.keySet().toString());
        assertEquals(List.of("* STATUS \"Caf\u00e9\" (MESSAGES 0)", "b OK STATUS completed"), answer(session, "b STATUS \"Cafe\u0301\" (MESSAGES)"));
        assertEquals(List.of("c OK CREATE completed"), answer(session, "c CREATE \"&ZeVnLIqe-/Nu\u0308sse\""), "one supplied in modified UTF-7 too");
        assertTrue(mailboxes.folders.containsKey("&ZeVnLIqe-/N\u00fcsse"), mailboxes.folders.keySet().toString());
    }

    @Test
    void anImap4rev2ClientIsToldTheNameItsDenormalizedNameBecame() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);
        answer(session, "e ENABLE IMAP4rev2");

        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"N\u00fcsse\" (\"OLDNAME\" (\"Nu\u0308sse\"))", "a OK CREATE completed"),
                answer(session, "a CREATE \"Nu\u0308sse\""));
        assertEquals(List.of("b OK CREATE completed"), answer(session, "b CREATE \"Fr\u00fcchte\""), "a normalized name is not told again");
        List<String> selected = answer(session, "c EXAMINE \"Nu\u0308sse\"");
        assertTrue(selected.contains("* LIST (\\HasNoChildren) \"/\" \"N\u00fcsse\" (\"OLDNAME\" (\"Nu\u0308sse\"))"), selected.toString());
        assertTrue(answer(session, "d EXAMINE \"N\u00fcsse\"").contains("* LIST (\\HasNoChildren) \"/\" \"N\u00fcsse\""));
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"K\u00e4se\" (\"OLDNAME\" (\"N\u00fcsse\"))", "f OK RENAME completed"),
                answer(session, "f RENAME \"N\u00fcsse\" \"Ka\u0308se\""), "OLDNAME names the existing mailbox as supplied");
        assertEquals(List.of("g OK RENAME completed"), answer(session, "g RENAME \"K\u00e4se\" Brot"), "RFC 9051 section 6.3.6's plain RENAME");
        assertEquals(List.of("* LIST (\\NonExistent) \"/\" \"Fr\u00fcchte\" (\"OLDNAME\" (\"Fru\u0308chte\"))", "h OK DELETE completed"),
                answer(session, "h DELETE \"Fru\u0308chte\""));
        assertEquals(List.of("INBOX", "Brot", "Entw\u00fcrfe", "Tom & Jerry").stream().sorted().toList(), List.copyOf(mailboxes.folders.keySet()));
    }

    @Test
    void envelopesAreAskedForInUtf8OnlyOnceTheClientTakesIt() throws BackendUnavailableException {
        for (String enable : new String[] {null, "UTF8=ACCEPT", "IMAP4rev2"}) {
            FakeMailboxes mailboxes = mailboxes();
            mailboxes.message("INBOX", "Subject: x\r\n\r\n").shape = new MessageShape("(NIL \"x\" NIL NIL NIL NIL NIL NIL NIL NIL)",
                    "NIL", "NIL", Map.of(), Map.of());
            ImapSession session = loggedIn(mailboxes);
            if (enable != null) {
                answer(session, "e ENABLE " + enable);
            }
            answer(session, "s EXAMINE INBOX");

            assertEquals("* 1 FETCH (ENVELOPE (NIL \"x\" NIL NIL NIL NIL NIL NIL NIL NIL))", answer(session, "a FETCH 1 ENVELOPE").getFirst());
            assertEquals(List.of(enable == null ? "shapes" : "shapes utf8"),
                    mailboxes.calls.stream().filter(call -> call.startsWith("shapes")).toList(), String.valueOf(enable));
        }
    }

    @Test
    void eightBitHeaderFieldsAreAppendedOnlyByAClientThatEnabledUtf8() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("a NO 8-bit header fields need ENABLE UTF8=ACCEPT"), append(session, "a", "Subject: Gr\u00fc\u00dfe\r\n\r\nx\r\n"),
                "RFC 6855 section 4");
        assertEquals(List.of("b OK [APPENDUID 7 1] APPEND completed"), append(session, "b", "Subject: x\n\nGr\u00fc\u00dfe\r\n"),
                "8-bit text in the body is the body's business");
        answer(session, "e ENABLE UTF8=ACCEPT");
        assertEquals(List.of("c OK [APPENDUID 7 2] APPEND completed"), append(session, "c", "Subject: Gr\u00fc\u00dfe\r\n\r\nx\r\n"));
    }

    /** APPEND to INBOX of the message, as a non-synchronising literal. */
    private static List<String> append(ImapSession session, String tag, String message) throws BackendUnavailableException {
        byte[] octets = message.getBytes(StandardCharsets.UTF_8);
        Reply.ReadChunk read = (Reply.ReadChunk) session.handle(tag + " APPEND INBOX {" + octets.length + "+}").then();
        try {
            assertTrue(new ClientInput(new ByteArrayInputStream(octets), 1000).readExactly(read.size(), read.into()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        session.dataReceived(false);
        return answer(session, "");
    }
}
