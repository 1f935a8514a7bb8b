package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.it.ImapIT.last;

/**
 * IMAP4rev2 and the extensions it folds in, on a raw connection: mailbox names in modified UTF-7
 * and UTF-8, LIST-EXTENDED with LIST-STATUS, CREATE-SPECIAL-USE, ESEARCH with SEARCHRES, BINARY,
 * OLDNAME, UTF-8 in responses.
 */
class ImapRev2IT {

    private static String domain;

    @BeforeAll
    static void aDomain() {
        domain = TestDomains.create(ApiClient.asAdministrator(), "imaprev2", "");
    }

    @Test
    void mailboxNamesAreModifiedUtf7UntilTheClientEnablesUtf8() throws Exception {
        String user = TestDomains.createUser(domain, "amelie");
        try (RawClient rev1 = RawClient.imapLoggedIn(user); RawClient utf8 = RawClient.imapLoggedIn(user)) {
            assertEquals("a OK CREATE completed", last(rev1.exchange("a CREATE \"Entw&APw-rfe/&ZeVnLIqe-\"", "a ")));
            assertEquals(List.of("* LIST (\\Noselect \\HasChildren) \"/\" \"Entw&APw-rfe\"", "b OK LIST completed"),
                    rev1.exchange("b LIST \"\" Entw%", "b "), "a level above the new folder, which is no folder itself");
            assertEquals("c BAD Mailbox name is not valid modified UTF-7: '&' starts a shift that never ends with '-'",
                    last(rev1.exchange("c CREATE \"Tom & Jerry\"", "c ")));

            assertEquals("* ENABLED UTF8=ACCEPT", utf8.exchange("d ENABLE UTF8=ACCEPT", "d ").get(0));
            assertEquals("* LIST (\\HasNoChildren) \"/\" \"Entw\u00fcrfe/\u65e5\u672c\u8a9e\"",
                    utf8.exchange("e LIST \"\" Entw*/*", "e ").get(0), "the same folder, in UTF-8");
            assertEquals("f OK [READ-WRITE] SELECT completed", last(utf8.exchange("f SELECT \"Entw\u00fcrfe/\u65e5\u672c\u8a9e\"", "f ")));
        }
    }

    @Test
    void listExtendedStatusAndSpecialUse() throws Exception {
        String user = TestDomains.createUser(domain, "bruno");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals("a NO [USE-ATTR] Folder Junk is already the \\Junk folder", last(imap.exchange("a CREATE Spam (USE (\\Junk))", "a ")));
            imap.exchange("b DELETE Junk", "b ");
            assertEquals("c OK CREATE completed", last(imap.exchange("c CREATE Spam (USE (\\Junk))", "c ")));
            assertTrue(last(imap.exchange("d CREATE Stars (USE (\\Flagged))", "d ")).startsWith("d NO [USE-ATTR] "));

            assertEquals(List.of("* LIST (\\HasNoChildren \\Junk) \"/\" \"Spam\"", "e OK LIST completed"),
                    imap.exchange("e LIST (SPECIAL-USE) \"\" Sp*", "e "));
            imap.exchange("f UNSUBSCRIBE Drafts", "f ");
            List<String> listed = imap.exchange("g LIST \"\" (INBOX Drafts) RETURN (SUBSCRIBED STATUS (MESSAGES UIDNEXT DELETED))", "g ");
            assertEquals(List.of("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"", "* STATUS \"Drafts\" (MESSAGES 0 UIDNEXT 1 DELETED 0)",
                    "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"", "* STATUS \"INBOX\" (MESSAGES 0 UIDNEXT 1 DELETED 0)",
                    "g OK LIST completed"), listed);
        }
    }

    @Test
    void esearchSearchresAndBinary() throws Exception {
        String user = TestDomains.createUser(domain, "chiara");
        String attachment = Base64.getMimeEncoder().encodeToString("attached text".getBytes(StandardCharsets.US_ASCII));
        Mailboxes.deliver(user, "From: sender@example.net\r\nTo: " + user + "\r\nSubject: With attachment\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9\r\n"
                + "--b1\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--b1--\r\n");
        Mailboxes.of(user).awaitInbox(1);
        Mailboxes.deliver(user, "From: sender@example.net\r\nTo: " + user + "\r\nSubject: Plain\r\n\r\nplain\r\n");
        Mailboxes.of(user).awaitInbox(2);

        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals("* ESEARCH (TAG \"b\") MIN 1 MAX 2 COUNT 2 ALL 1:2", imap.exchange("b SEARCH RETURN (MIN MAX COUNT ALL) ALL", "b ").get(0));
            assertEquals(List.of("c OK SEARCH completed"), imap.exchange("c SEARCH RETURN (SAVE) SUBJECT attachment", "c "));
            List<String> binary = imap.exchange("d FETCH $ (BINARY.SIZE[1] BINARY.PEEK[1] BINARY.PEEK[2])", "d ");
            assertEquals(List.of("* 1 FETCH (BINARY.SIZE[1] 5 BINARY[1] ~{5}", "Caf\u00e9 BINARY[2] ~{13}", "attached text)", "d OK FETCH completed"),
                    binary, "both parts decoded, the FETCH naming the saved result");
        }
    }

    @Test
    void enableImap4rev2ChangesWhatSelectAndSearchAnswer() throws Exception {
        String user = TestDomains.createUser(domain, "dario");
        Mailboxes.deliver(user, "From: sender@example.net\r\nTo: " + user + "\r\nSubject: One\r\n\r\n1\r\n");
        Mailboxes.of(user).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertTrue(imap.exchange("a CAPABILITY", "a ").get(0).startsWith("* CAPABILITY IMAP4rev1 IMAP4rev2 "));
            assertEquals(List.of("* ENABLED IMAP4rev2", "b OK ENABLE completed"), imap.exchange("b ENABLE IMAP4rev2", "b "));
            List<String> select = imap.exchange("c SELECT INBOX", "c ");
            assertTrue(select.contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\""), select.toString());
            assertTrue(select.stream().noneMatch(line -> line.contains("RECENT") || line.contains("[UNSEEN ")), select.toString());
            assertEquals("* ESEARCH (TAG \"d\") UID ALL 1", imap.exchange("d UID SEARCH UNSEEN", "d ").get(0));
            assertEquals("* OK [CLOSED] Previous mailbox closed", imap.exchange("e EXAMINE Sent", "e ").get(0));
        }
    }

    @Test
    void denormalizedNamesOldnameListStatusAndUtf8Envelopes() throws Exception {
        String user = TestDomains.createUser(domain, "elif");
        String message = "From: J\u00f6rg <jorg@b\u00fccher.example>\r\nTo: " + user + "\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHallo\r\n";
        try (RawClient rev2 = RawClient.imapLoggedIn(user); RawClient rev1 = RawClient.imapLoggedIn(user)) {
            rev2.exchange("a ENABLE IMAP4rev2", "a ");
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"N\u00fcsse\" (\"OLDNAME\" (\"Nu\u0308sse\"))", "b OK CREATE completed"),
                    rev2.exchange("b CREATE \"Nu\u0308sse\"", "b "), "RFC 9051 section 6.3.4: the name a denormalized one became");
            assertEquals(List.of("c OK RENAME completed"), rev2.exchange("c RENAME \"N\u00fcsse\" \"K\u00e4se\"", "c "),
                    "names that need no normalizing: a plain RENAME");
            rev2.sendRaw("d APPEND \"K\u00e4se\" {" + message.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + message + "\r\n");
            assertTrue(last(rev2.readUntil("d ")).startsWith("d OK [APPENDUID "));
            assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"K\u00e4se\"", "* STATUS \"K\u00e4se\" (MESSAGES 1)", "e OK LIST completed"),
                    rev2.exchange("e LIST \"\" \"K\u00e4se\" RETURN (STATUS (MESSAGES) CHILDREN)", "e "), "STATUS need not be the last option");
            rev2.exchange("f EXAMINE \"K\u00e4se\"", "f ");
            assertTrue(rev2.exchange("g FETCH 1 ENVELOPE", "g ").get(0).startsWith(
                    "* 1 FETCH (ENVELOPE (NIL \"Gr\u00fc\u00dfe\" ((\"J\u00f6rg\" NIL \"jorg\" \"b\u00fccher.example\"))"), "UTF-8, quoted");

            rev1.exchange("h EXAMINE K&AOQ-se", "h ");
            assertTrue(rev1.exchange("i FETCH 1 ENVELOPE", "i ").get(0).startsWith(
                    "* 1 FETCH (ENVELOPE (NIL \"=?UTF-8?B?R3LDvMOfZQ==?=\" ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"jorg\" \"xn--bcher-kva.example\"))"),
                    "RFC 6855 section 7: ASCII for a client that did not enable UTF-8");
            rev1.sendRaw("j APPEND INBOX {" + message.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + message + "\r\n");
            assertEquals("j NO 8-bit header fields need ENABLE UTF8=ACCEPT", last(rev1.readUntil("j ")), "RFC 6855 section 4");
        }
    }
}
