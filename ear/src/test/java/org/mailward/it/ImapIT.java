package org.mailward.it;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading mail over IMAP with real clients: Jakarta Mail's IMAP store, and a raw socket for
 * literals, partial fetches and what a second session sees of the first one's changes.
 */
class ImapIT {

    private static final int IMAPS = 2993;
    private static String domain;

    @BeforeAll
    static void aDomain() {
        domain = TestDomains.create(ApiClient.asAdministrator(), "imap", "");
    }

    @Test
    void jakartaMailListsFoldersReadsAMessageAndDeletesIt() throws Exception {
        String user = TestDomains.createUser(domain, "jules");
        String body = "Line one\r\nLine two, with accents: caf\u00e9\r\n";
        send(user, "First", body);
        send(user, "Second", "Another body\r\n");
        Mailboxes.of(user).awaitInbox(2);

        Store store = session().getStore("imaps");
        store.connect(ItEnvironment.HOST, IMAPS, user, TestDomains.PASSWORD);
        try {
            Set<String> folders = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)
                    .collect(Collectors.toSet());
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive"), folders);

            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(2, inbox.getMessageCount());
            // Two deliveries may commit in either order: find "First" by its content.
            Message first = null;
            String message = null;
            for (Message candidate : inbox.getMessages()) {
                assertFalse(candidate.isSet(Flags.Flag.SEEN), "new mail is unread");
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                candidate.writeTo(raw);
                if (raw.toString(StandardCharsets.UTF_8).contains("Subject: First\r\n")) {
                    first = candidate;
                    message = raw.toString(StandardCharsets.UTF_8);
                }
            }
            assertTrue(first != null, "the message is there");
            assertTrue(message.startsWith("Return-Path: <sender@example.net>\r\nReceived: from "), message);
            assertTrue(message.endsWith(body), message);
            assertTrue(first.isSet(Flags.Flag.SEEN), "reading the whole message marked it seen");

            first.setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertEquals(1, inbox.getMessageCount());
            inbox.close(false);
        } finally {
            store.close();
        }
        assertEquals(List.of("Second"), Mailboxes.of(user).messages("INBOX").stream()
                .map(item -> item.asJsonObject().getJsonObject("summary").getString("subject")).toList(), "the expunge reached the store");
    }

    @Test
    void aFolderReplacedUnderItsNameIsNotChangedInTheSelectedOnesStead() throws Exception {
        String user = TestDomains.createUser(domain, "tom");
        try (RawClient first = RawClient.imapLoggedIn(user); RawClient second = RawClient.imapLoggedIn(user)) {
            first.exchange("a CREATE Work", "a ");
            String old = "Subject: old\r\n\r\nx\r\n";
            first.sendRaw("b APPEND Work {" + old.length() + "+}\r\n" + old + "\r\n");
            assertTrue(last(first.readUntil("b ")).startsWith("b OK"));
            first.exchange("c SELECT Work", "c ");

            assertEquals("d OK DELETE completed", last(second.exchange("d DELETE Work", "d ")));
            second.exchange("e CREATE Work", "e ");
            String replacement = "Subject: new\r\n\r\ny\r\n";
            second.sendRaw("f APPEND Work {" + replacement.length() + "+}\r\n" + replacement + "\r\n");
            assertTrue(last(second.readUntil("f ")).startsWith("f OK"));

            assertTrue(last(first.exchange("g STORE 1 +FLAGS (\\Deleted)", "g ")).startsWith("g NO [NONEXISTENT] "),
                    "the folder the session selected is gone");
            assertEquals("h BAD No mailbox selected", last(first.exchange("h EXPUNGE", "h ")));
        }
        assertEquals(1, Mailboxes.of(user).messages("Work").size(), "the new folder's message is untouched");
    }

    @Test
    void anAccountDisabledMidSessionReadsNothingMore() throws Exception {
        String user = TestDomains.createUser(domain, "vera");
        ApiClient admin = ApiClient.asAdministrator();
        readsNothingMoreAfter(user, () -> admin.expect(200, admin.put("/domains/" + domain + "/accounts/vera", "{\"enabled\":false}")));
    }

    @Test
    void aDomainDisabledMidSessionReadsNothingMore() throws Exception {
        ApiClient admin = ApiClient.asAdministrator();
        String ownDomain = TestDomains.create(admin, "imap-off", "");
        String user = TestDomains.createUser(ownDomain, "wanda");
        readsNothingMoreAfter(user, () -> admin.expect(200, admin.put("/domains/" + ownDomain, "{\"enabled\":false}")));
    }

    /** A session that read a message reads it no more after {@code revoke}: the next FETCH is refused. */
    private static void readsNothingMoreAfter(String user, Runnable revoke) throws Exception {
        send(user, "Before", "still readable\r\n");
        Mailboxes.of(user).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertTrue(last(imap.exchange("b FETCH 1 BODY.PEEK[]", "b ")).startsWith("b OK"));
            revoke.run();
            List<String> refused = imap.exchange("c FETCH 1 BODY.PEEK[]", "c ");
            assertTrue(last(refused).startsWith("c NO "), refused.toString());
            assertTrue(refused.stream().noneMatch(line -> line.contains("still readable")), refused.toString());
        }
    }

    @Test
    void oneAccountNeverReachesAnothersFolders() throws Exception {
        String owner = TestDomains.createUser(domain, "rita");
        String other = TestDomains.createUser(domain, "sam");
        send(owner, "Private", "for rita only\r\n");
        Mailboxes.of(owner).awaitInbox(1);
        try (RawClient rita = RawClient.imapLoggedIn(owner); RawClient sam = RawClient.imapLoggedIn(other)) {
            assertEquals("c OK CREATE completed", last(rita.exchange("c CREATE Secret", "c ")));
            List<String> listed = sam.exchange("l LIST \"\" *", "l ");
            assertTrue(listed.stream().noneMatch(line -> line.contains("Secret")), listed.toString());
            assertTrue(last(sam.exchange("s SELECT Secret", "s ")).startsWith("s NO [NONEXISTENT]"));
            assertTrue(last(sam.exchange("t STATUS Secret (MESSAGES)", "t ")).startsWith("t NO [NONEXISTENT]"));
            assertTrue(sam.exchange("i SELECT INBOX", "i ").contains("* 0 EXISTS"), "sam's own, empty INBOX");
            assertTrue(last(sam.exchange("r SELECT ../" + owner + "/INBOX", "r ")).startsWith("r NO "), "no path tricks");
        }
    }

    @Test
    void startTlsOnThePlainPortDiscardsWhatCameBeforeAndThenAllowsLogin() throws Exception {
        String user = TestDomains.createUser(domain, "quinn");
        try (RawClient imap = RawClient.connect("127.0.0.1", 2143, false)) {
            String greeting = imap.line();
            assertTrue(greeting.contains(" STARTTLS") && greeting.contains("LOGINDISABLED"), greeting);
            imap.sendRaw("s STARTTLS\r\nx SELECT INBOX\r\n");
            assertEquals("s OK Begin TLS negotiation now", imap.line());
            imap.startTls();
            List<String> capabilities = imap.exchange("c CAPABILITY", "c ");
            assertTrue(capabilities.get(0).contains("AUTH=PLAIN") && !capabilities.get(0).contains("STARTTLS"), capabilities.toString());
            assertTrue(last(imap.exchange("l LOGIN " + user + " \"" + TestDomains.PASSWORD + "\"", "l ")).startsWith("l OK"),
                    "the SELECT sent before the handshake was dropped, not answered");
            assertEquals("t BAD STARTTLS is not available on this connection", last(imap.exchange("t STARTTLS", "t ")));
        }
    }

    @Test
    void literalsPartialFetchesAndFlagsOnARawConnection() throws Exception {
        String user = TestDomains.createUser(domain, "kim");
        send(user, "Partial", "0123456789abcdefghij\r\n");
        Mailboxes.of(user).awaitInbox(1);

        try (RawClient imap = RawClient.connect("127.0.0.1", IMAPS, true)) {
            imap.line();
            imap.send("a LOGIN {" + user.length() + "}");
            assertEquals("+ Ready for literal data", imap.line());
            imap.sendRaw(user + " {" + TestDomains.PASSWORD.length() + "+}\r\n" + TestDomains.PASSWORD + "\r\n");
            assertTrue(last(imap.readUntil("a ")).startsWith("a OK"), "a login whose two strings are literals");

            List<String> select = imap.exchange("b SELECT inbox", "b ");
            assertTrue(select.contains("* 1 EXISTS"), select.toString());
            assertTrue(select.contains("* OK [UNSEEN 1] First unseen"), select.toString());
            assertEquals("b OK [READ-WRITE] SELECT completed", last(select));

            List<String> headers = imap.exchange("c FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", "c ");
            assertEquals(List.of("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {20}", "Subject: Partial", "", ")",
                    "c OK FETCH completed"), headers);

            List<String> partial = imap.exchange("d UID FETCH 1:* (BODY[TEXT]<4.6>)", "d ");
            assertEquals("* 1 FETCH (BODY[TEXT]<4> {6}", partial.get(0), partial.toString());
            assertTrue(partial.get(1).matches("456789 UID \\d+ FLAGS \\(\\\\Seen\\)\\)"),
                    "six octets from the fourth, then the UID, and the \\Seen flag reading set: " + partial);

            List<String> stored = imap.exchange("e STORE 1 +FLAGS (\\Flagged $Important)", "e ");
            assertEquals("* 1 FETCH (FLAGS (\\Seen \\Flagged $Important))", stored.get(0), stored.toString());
            assertEquals("f BAD Invalid message sequence number", last(imap.exchange("f FETCH 2 FLAGS", "f ")));
            assertEquals("g NO [NONEXISTENT] No folder Nowhere", last(imap.exchange("g SELECT Nowhere", "g ")));
            assertEquals("h BAD No mailbox selected", last(imap.exchange("h FETCH 1 FLAGS", "h ")),
                    "a failed SELECT leaves nothing selected");
            imap.exchange("z LOGOUT", "z ");
        }
    }

    @Test
    void aSecondSessionSeesNewMailFlagsAndExpungesAtItsNextCommand() throws Exception {
        String user = TestDomains.createUser(domain, "lou");
        deliverInOrder(user, "One", "Two");

        try (RawClient watcher = RawClient.imapLoggedIn(user); RawClient actor = RawClient.imapLoggedIn(user)) {
            watcher.exchange("w1 SELECT INBOX", "w1 ");
            actor.exchange("a1 SELECT INBOX", "a1 ");

            actor.exchange("a2 STORE 1 +FLAGS.SILENT (\\Deleted)", "a2 ");
            assertEquals(List.of("* 1 EXPUNGE", "a3 OK EXPUNGE completed"), actor.exchange("a3 EXPUNGE", "a3 "));
            send(user, "Three", "3\r\n");
            Mailboxes.of(user).awaitInbox(2);

            List<String> noop = watcher.exchange("w2 NOOP", "w2 ");
            assertEquals(List.of("* 1 EXPUNGE", "* 2 EXISTS", "w2 OK NOOP completed"), noop,
                    "the expunge first, then the new message, numbered as the watcher now counts");
            List<String> subjects = watcher.exchange("w3 FETCH 1:2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", "w3 ");
            assertTrue(subjects.contains("Subject: Two") && subjects.contains("Subject: Three"), subjects.toString());

            assertEquals("a4 OK STORE completed", last(actor.exchange("a4 STORE 1 +FLAGS.SILENT (\\Answered)", "a4 ")));
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Answered))", "w4 OK NOOP completed"), watcher.exchange("w4 NOOP", "w4 "),
                    "another session's flag change, on the message both now number 1");
        }
    }

    @Test
    void appendCopyAndMoveAnswerWithTheNewUids() throws Exception {
        String user = TestDomains.createUser(domain, "max");
        String draft = "From: " + user + "\r\nSubject: Draft\r\n\r\nNot sent yet\r\n";
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.send("b APPEND Drafts (\\Draft) \"24-Nov-2026 09:30:00 +0100\" {" + draft.length() + "}");
            assertEquals("+ Ready for literal data", imap.line());
            imap.sendRaw(draft + "\r\n");
            String appended = last(imap.readUntil("b "));
            assertTrue(appended.matches("b OK \\[APPENDUID \\d+ 1] APPEND completed"), appended);

            assertTrue(imap.exchange("c SELECT Drafts", "c ").contains("* 1 EXISTS"));
            List<String> fetched = imap.exchange("d FETCH 1 (FLAGS INTERNALDATE BODY.PEEK[])", "d ");
            assertEquals("* 1 FETCH (FLAGS (\\Draft) INTERNALDATE \"24-Nov-2026 08:30:00 +0000\" BODY[] {"
                    + draft.length() + "}", fetched.get(0), "the client's date, in UTC");
            assertEquals("Not sent yet", fetched.get(4), fetched.toString());

            String copied = last(imap.exchange("e COPY 1 Archive", "e "));
            assertTrue(copied.matches("e OK \\[COPYUID \\d+ 1 1] COPY completed"), copied);
            List<String> moved = imap.exchange("f MOVE 1 Trash", "f ");
            assertEquals(3, moved.size(), moved.toString());
            assertTrue(moved.get(0).matches("\\* OK \\[COPYUID \\d+ 1 1] Moved"), moved.toString());
            assertEquals(List.of("* 1 EXPUNGE", "f OK MOVE completed"), moved.subList(1, 3));

            imap.exchange("g SELECT Archive", "g ");
            assertTrue(last(imap.exchange("h COPY 1 Nowhere", "h ")).startsWith("h NO [TRYCREATE] "));
            imap.send("i APPEND Nowhere {" + draft.length() + "+}");
            imap.sendRaw(draft + "\r\n");
            assertTrue(last(imap.readUntil("i ")).startsWith("i NO [TRYCREATE] "));
        }
        Mailboxes mailboxes = Mailboxes.of(user);
        assertEquals(0, mailboxes.messages("Drafts").size());
        assertEquals(1, mailboxes.messages("Archive").size());
        assertEquals(1, mailboxes.messages("Trash").size());
    }

    @Test
    void searchByFlagsHeadersTextSizeAndDates() throws Exception {
        String user = TestDomains.createUser(domain, "nia");
        send(user, "Invoice 42", "Please pay\r\n");
        Mailboxes.of(user).awaitInbox(1);
        send(user, "Lunch", "Bring a banana\r\n");
        Mailboxes.of(user).awaitInbox(2);
        send(user, "Report", "Quarterly figures\r\n");
        Mailboxes.of(user).awaitInbox(3);

        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            imap.exchange("b STORE 3 +FLAGS.SILENT (\\Seen $Done)", "b ");
            assertEquals("* SEARCH 1 2", imap.exchange("c SEARCH UNSEEN", "c ").get(0));
            assertEquals("* SEARCH 1", imap.exchange("d SEARCH SUBJECT invoice", "d ").get(0), "case-insensitive substring");
            assertEquals("* SEARCH 2 3", imap.exchange("e SEARCH OR BODY banana KEYWORD $Done", "e ").get(0));
            assertEquals("* SEARCH 1 3", imap.exchange("f SEARCH NOT (BODY banana)", "f ").get(0));
            List<String> uids = imap.exchange("g UID SEARCH SINCE 1-Jan-2000 SENTBEFORE 1-Jan-2100 LARGER 10 HEADER X-Mailer \"\"", "g ");
            assertEquals("* SEARCH", uids.get(0), "no message has an X-Mailer field");
            assertEquals("* SEARCH 2", imap.exchange("h SEARCH 1:2 FROM sender@example.net TEXT \"a banana\"", "h ").get(0));
            imap.send("i SEARCH CHARSET UTF-8 BODY {6}");
            assertEquals("+ Ready for literal data", imap.line());
            imap.sendRaw("BANANA\r\n");
            assertEquals("* SEARCH 2", imap.readUntil("i ").get(0), "a search string as a literal");
            assertEquals("j NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset",
                    last(imap.exchange("j SEARCH CHARSET KOI8-R ALL", "j ")));
            assertEquals("k BAD Unknown search key NONSENSE", last(imap.exchange("k SEARCH NONSENSE", "k ")));
        }
    }

    @Test
    void idleHearsNewMailAndOtherSessionsFlagsAtOnce() throws Exception {
        String user = TestDomains.createUser(domain, "oli");
        send(user, "Before", "b\r\n");
        Mailboxes.of(user).awaitInbox(1);

        try (RawClient idler = RawClient.imapLoggedIn(user); RawClient other = RawClient.imapLoggedIn(user)) {
            idler.exchange("a SELECT INBOX", "a ");
            idler.send("b IDLE");
            assertEquals("+ idling", idler.line());

            long sent = System.nanoTime();
            send(user, "During", "d\r\n");
            assertEquals("* 2 EXISTS", idler.line(), "new mail pushed while idling");
            long heardMillis = (System.nanoTime() - sent) / 1_000_000;
            assertTrue(heardMillis < 5_000, "heard " + heardMillis + " ms after the SMTP client sent it");

            other.exchange("c SELECT INBOX", "c ");
            other.exchange("d STORE 1 +FLAGS.SILENT (\\Flagged)", "d ");
            assertEquals("* 1 FETCH (FLAGS (\\Flagged))", idler.line(), "another session's flag change pushed too");

            idler.send("DONE");
            assertEquals("b OK IDLE completed", idler.line());
            assertEquals("e OK NOOP completed", last(idler.exchange("e NOOP", "e ")), "nothing told twice");
        }
    }

    @Test
    void envelopeBodyStructureAndPartsOfAMultipartMessage() throws Exception {
        String user = TestDomains.createUser(domain, "pia");
        String attachment = java.util.Base64.getMimeEncoder().encodeToString("attached text".getBytes(StandardCharsets.US_ASCII));
        Mailboxes.deliver(user, "From: Sender Person <sender@example.net>\r\nTo: " + user + "\r\nSubject: With attachment\r\n"
                + "Date: Tue, 24 Nov 2026 09:30:00 +0000\r\nMessage-ID: <multi@example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee attached.\r\n"
                + "--b1\r\nContent-Type: text/plain; name=notes.txt\r\nContent-Disposition: attachment; filename=notes.txt\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--b1--\r\n");
        Mailboxes.of(user).awaitInbox(1);

        Store store = session().getStore("imaps");
        store.connect(ItEnvironment.HOST, IMAPS, user, TestDomains.PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            assertEquals("With attachment", message.getSubject(), "from the ENVELOPE");
            assertEquals("Sender Person <sender@example.net>", message.getFrom()[0].toString());
            jakarta.mail.Multipart parts = (jakarta.mail.Multipart) message.getContent();
            assertEquals(2, parts.getCount(), "from the BODYSTRUCTURE");
            assertEquals("See attached.", ((String) parts.getBodyPart(0).getContent()).trim(), "BODY[1]");
            assertEquals("notes.txt", parts.getBodyPart(1).getFileName());
            assertEquals("attached text", new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                    "BODY[2], decoded by the client");
            inbox.close(false);
        } finally {
            store.close();
        }

        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a EXAMINE INBOX", "a ");
            String envelope = imap.exchange("b FETCH 1 ENVELOPE", "b ").get(0);
            assertEquals("* 1 FETCH (ENVELOPE (\"Tue, 24 Nov 2026 09:30:00 +0000\" \"With attachment\" "
                    + "((\"Sender Person\" NIL \"sender\" \"example.net\")) ((\"Sender Person\" NIL \"sender\" \"example.net\")) "
                    + "((\"Sender Person\" NIL \"sender\" \"example.net\")) ((NIL NIL \"pia\" \"" + domain + "\")) NIL NIL NIL "
                    + "\"<multi@example.net>\"))", envelope);
            List<String> mime = imap.exchange("c FETCH 1 (BODY.PEEK[2.MIME] BODY.PEEK[3])", "c ");
            assertTrue(mime.contains("Content-Disposition: attachment; filename=notes.txt"), mime.toString());
            assertTrue(mime.stream().anyMatch(line -> line.endsWith("BODY[3] {0}")), "a part that does not exist is empty: " + mime);
            String structure = imap.exchange("d FETCH 1 BODYSTRUCTURE", "d ").get(0);
            assertTrue(structure.startsWith("* 1 FETCH (BODYSTRUCTURE ((\"text\" \"plain\" (\"charset\" \"us-ascii\")"), structure);
            assertTrue(structure.contains("\"mixed\" (\"boundary\" \"b1\")"), structure);
        }
    }

    /** Each message is in the INBOX before the next is sent, so their UIDs follow the order given. */
    private static void deliverInOrder(String user, String... subjects) throws IOException, InterruptedException {
        for (int i = 0; i < subjects.length; i++) {
            send(user, subjects[i], (i + 1) + "\r\n");
            Mailboxes.of(user).awaitInbox(i + 1);
        }
    }


    private static Session session() throws GeneralSecurityException {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", ItEnvironment.trustServerCertificate().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        properties.put("mail.imaps.timeout", "15000");
        return Session.getInstance(properties);
    }


    private static void send(String recipient, String subject, String body) throws IOException {
        Mailboxes.deliver(recipient, "From: sender@example.net\r\nTo: " + recipient + "\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body);
    }

    static String last(List<String> lines) {
        return lines.getLast();
    }
}
