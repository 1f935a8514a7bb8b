package org.mailward.it;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Quota;
import jakarta.mail.Session;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.OrTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import org.apache.commons.net.imap.IMAPReply;
import org.apache.commons.net.imap.IMAPSClient;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.SortTerm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real client libraries doing what mail applications do: Apache Commons Net's IMAPSClient running
 * a simple client's sync session command by command, and Jakarta Mail's IMAP store (Angus Mail)
 * with IDLE, UIDPLUS, MOVE, SEARCH, SORT, QUOTA, ID and COMPRESS=DEFLATE.
 */
class ImapClientLibrariesIT {

    private static final int IMAPS = 2993;
    private static final Set<String> DEFAULT_FOLDERS = Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive");
    private static final Pattern LISTED = Pattern.compile("\\* LIST \\(([^)]*)\\) \"/\" \"?([^\"]*)\"?");
    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    private static ApiClient admin;
    private static String domain;

    @BeforeAll
    static void aDomain() {
        admin = ApiClient.asAdministrator();
        domain = TestDomains.create(admin, "clients", "");
    }

    @Test
    void commonsNetRunsTheSyncSessionOfASimpleClient() throws Exception {
        String user = TestDomains.createUser(domain, "cora");
        deliverInOrder(user, "Quarterly report", "Lunch");

        IMAPSClient imap = new IMAPSClient(true, ItEnvironment.trustServerCertificate());
        imap.setDefaultTimeout(15_000);
        imap.connect(ItEnvironment.HOST, IMAPS);
        imap.setSoTimeout(15_000);
        try {
            assertTrue(imap.login(user, TestDomains.PASSWORD), imap.getReplyString());
            assertTrue(imap.capability(), imap.getReplyString());
            String capabilities = untagged(imap, "* CAPABILITY ");
            for (String needed : List.of("IMAP4rev1", "UIDPLUS", "MOVE", "NAMESPACE", "IDLE")) {
                assertTrue(Arrays.asList(capabilities.split(" ")).contains(needed), needed + " in " + capabilities);
            }

            assertTrue(imap.list("", "*"), imap.getReplyString());
            assertEquals(DEFAULT_FOLDERS, listed(imap).keySet());

            assertTrue(imap.select("INBOX"), imap.getReplyString());
            List<String> selected = Arrays.asList(imap.getReplyStrings());
            assertTrue(selected.contains("* 2 EXISTS"), selected.toString());
            long uidValidity = Long.parseLong(code(untagged(imap, "* OK [UIDVALIDITY "), "UIDVALIDITY"));

            // What a client keeps of each message to show the list: UID, flags, size, arrival.
            assertTrue(imap.uid("FETCH", "1:* (FLAGS RFC822.SIZE INTERNALDATE)"), imap.getReplyString());
            List<String> summaries = fetchResponses(imap);
            assertEquals(2, summaries.size(), summaries.toString());
            long[] uids = new long[2];
            for (int i = 0; i < 2; i++) {
                String summary = summaries.get(i);
                assertTrue(summary.startsWith("* " + (i + 1) + " FETCH ("), summary);
                assertEquals("", item(summary, "FLAGS \\(([^)]*)\\)"), "new mail has no flags: " + summary);
                uids[i] = Long.parseLong(item(summary, "UID (\\d+)"));
                int size = Integer.parseInt(item(summary, "RFC822\\.SIZE (\\d+)"));
                assertEquals(Mailboxes.of(user).raw(uids[i]).length(), size, "the size of the message as stored: " + summary);
                Instant arrived = ZonedDateTime.parse(item(summary, "INTERNALDATE \"([^\"]+)\""), INTERNALDATE).toInstant();
                assertTrue(Duration.between(arrived, Instant.now()).abs().toMinutes() < 10, summary);
            }
            assertTrue(uids[0] < uids[1], "UIDs ascend with the sequence numbers");

            assertTrue(imap.fetch("1", "BODY.PEEK[HEADER]"), imap.getReplyString());
            String header = imap.getReplyString();
            assertTrue(header.contains("\r\nSubject: Quarterly report\r\n") && header.contains("\r\nFrom: sender@example.net\r\n"), header);

            assertTrue(imap.store("1", "+FLAGS", "(\\Seen \\Flagged)"), imap.getReplyString());
            assertEquals("* 1 FETCH (FLAGS (\\Seen \\Flagged))", untagged(imap, "* 1 FETCH "));
            assertTrue(imap.uid("SEARCH", "FLAGGED"), imap.getReplyString());
            assertEquals("* SEARCH " + uids[0], untagged(imap, "* SEARCH"));

            assertTrue(imap.create("Projects"), imap.getReplyString());
            assertTrue(imap.rename("Projects", "Done"), imap.getReplyString());
            assertTrue(imap.list("", "*"), imap.getReplyString());
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive", "Done"), listed(imap).keySet());

            String note = "From: " + user + "\r\nSubject: A note\r\n\r\nKeep this.\r\n";
            assertTrue(imap.append("Done", "(\\Seen)", null, note), imap.getReplyString());
            String appended = imap.getReplyString();
            assertTrue(appended.matches("(?s).*OK \\[APPENDUID \\d+ 1] APPEND completed\\s*"), appended);
            assertTrue(imap.copy("1", "Done"), imap.getReplyString());
            assertTrue(imap.getReplyString().matches("(?s).*OK \\[COPYUID \\d+ " + uids[0] + " 2] COPY completed\\s*"),
                    imap.getReplyString());
            // Commons Net knows no MOVE: a client sends it through UID as written.
            assertTrue(imap.uid("MOVE", uids[1] + " Done"), imap.getReplyString());
            List<String> moved = Arrays.asList(imap.getReplyStrings());
            assertTrue(moved.getFirst().matches("\\* OK \\[COPYUID \\d+ " + uids[1] + " 3] Moved"), moved.toString());
            assertEquals("* 2 EXPUNGE", moved.get(1), moved.toString());

            assertTrue(imap.store("1", "+FLAGS.SILENT", "(\\Deleted)"), imap.getReplyString());
            assertTrue(imap.expunge(), imap.getReplyString());
            assertEquals("* 1 EXPUNGE", untagged(imap, "* 1 EXPUNGE"));
            assertTrue(imap.status("Done", new String[] {"MESSAGES", "UIDNEXT", "UNSEEN"}), imap.getReplyString());
            assertEquals("* STATUS \"Done\" (MESSAGES 3 UIDNEXT 4 UNSEEN 1)", untagged(imap, "* STATUS "),
                    "the note and the copy were read; the moved message was not");
            assertTrue(imap.status("INBOX", new String[] {"MESSAGES", "UIDVALIDITY"}), imap.getReplyString());
            assertEquals("* STATUS \"INBOX\" (MESSAGES 0 UIDVALIDITY " + uidValidity + ")", untagged(imap, "* STATUS "));

            assertTrue(imap.delete("Done"), imap.getReplyString());
            assertFalse(imap.status("Done", new String[] {"MESSAGES"}));
            assertTrue(imap.getReplyString().contains(" NO [NONEXISTENT] "), imap.getReplyString());

            assertEquals(IMAPReply.OK, imap.sendCommand("NAMESPACE"), imap.getReplyString());
            assertEquals("* NAMESPACE ((\"\" \"/\")) NIL NIL", untagged(imap, "* NAMESPACE "));
            assertTrue(imap.logout(), imap.getReplyString());
            assertTrue(imap.getReplyString().contains("* BYE "), imap.getReplyString());
        } finally {
            imap.disconnect();
        }
        assertEquals(0, Mailboxes.of(user).messages("INBOX").size(), "the expunge and the move emptied the INBOX");
    }

    @Test
    void jakartaMailIdleHearsMailDeliveredOverSmtp() throws Exception {
        String user = TestDomains.createUser(domain, "ida");
        IMAPStore store = connect(user, false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(0, inbox.getMessageCount());
            CountDownLatch heard = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent event) {
                    heard.countDown();
                }
            });
            AtomicReference<MessagingException> failed = new AtomicReference<>();
            // idle(true) returns after the first thing the server tells: the new message.
            Thread idler = Thread.ofPlatform().start(() -> {
                try {
                    inbox.idle(true);
                } catch (MessagingException e) {
                    failed.set(e);
                }
            });

            send(user, "While idling", "Pushed, not polled.\r\n");
            assertTrue(heard.await(5, TimeUnit.SECONDS), "the listener heard of the message within 5 s of its delivery");
            idler.join(5_000);
            assertFalse(idler.isAlive(), "IDLE ended after the news");
            assertNull(failed.get());
            assertEquals(1, inbox.getMessageCount());
            assertEquals("While idling", inbox.getMessage(1).getSubject());
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void jakartaMailIdleHearsAnotherSessionFlagAndExpungeAMessage() throws Exception {
        String user = TestDomains.createUser(domain, "kai");
        send(user, "Shared", "Seen by two sessions.\r\n");
        Mailboxes.of(user).awaitInbox(1);
        IMAPStore watching = connect(user, false);
        IMAPStore acting = connect(user, false);
        try {
            IMAPFolder watched = (IMAPFolder) watching.getFolder("INBOX");
            watched.open(Folder.READ_ONLY);
            CountDownLatch flagged = new CountDownLatch(1);
            CountDownLatch removed = new CountDownLatch(1);
            watched.addMessageChangedListener(event -> flagged.countDown());
            watched.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesRemoved(MessageCountEvent event) {
                    removed.countDown();
                }
            });
            Thread idler = Thread.ofPlatform().start(() -> {
                try {
                    while (removed.getCount() > 0 && watched.isOpen()) {
                        watched.idle(true);
                    }
                } catch (MessagingException e) {
                    // the folder closes at the end of the test
                }
            });

            IMAPFolder inbox = (IMAPFolder) acting.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);
            assertTrue(flagged.await(5, TimeUnit.SECONDS), "the other session's flag change was pushed");
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            assertTrue(removed.await(5, TimeUnit.SECONDS), "the other session's expunge was pushed");
            idler.join(5_000);
            assertFalse(idler.isAlive());
            inbox.close(false);
        } finally {
            acting.close();
            watching.close();
        }
    }

    @Test
    void jakartaMailAppendsCopiesAndMovesWithTheNewUids() throws Exception {
        String user = TestDomains.createUser(domain, "uma");
        IMAPStore store = connect(user, false);
        try {
            IMAPFolder drafts = (IMAPFolder) store.getFolder("Drafts");
            IMAPFolder archive = (IMAPFolder) store.getFolder("Archive");
            IMAPFolder trash = (IMAPFolder) store.getFolder("Trash");
            assertEquals(1, drafts.getUIDNext(), "STATUS UIDNEXT of a new folder");
            drafts.open(Folder.READ_WRITE);
            long validity = drafts.getUIDValidity();

            MimeMessage draft = new MimeMessage(Session.getInstance(new Properties()));
            draft.setFrom(user);
            draft.setSubject("Plan for Monday");
            draft.setText("Agenda to follow.");
            draft.setFlag(Flags.Flag.DRAFT, true);
            AppendUID[] appended = drafts.appendUIDMessages(new Message[] {draft});
            assertEquals(validity, appended[0].uidvalidity);
            assertEquals(1, appended[0].uid);
            // An open folder answers the UIDNEXT it was opened with: a second look asks the server.
            assertEquals(2, ((IMAPFolder) store.getFolder("Drafts")).getUIDNext(), "the next UID moved on");

            Message stored = drafts.getMessageByUID(1);
            assertEquals("Plan for Monday", stored.getSubject());
            assertTrue(stored.isSet(Flags.Flag.DRAFT));
            AppendUID[] copied = drafts.copyUIDMessages(new Message[] {stored}, archive);
            assertEquals(archive.getUIDValidity(), copied[0].uidvalidity);
            assertEquals(1, copied[0].uid);
            AppendUID[] moved = drafts.moveUIDMessages(new Message[] {stored}, trash);
            assertEquals(trash.getUIDValidity(), moved[0].uidvalidity);
            assertEquals(1, moved[0].uid);
            assertEquals(0, store.getFolder("Drafts").getMessageCount(), "the moved message left the folder (STATUS MESSAGES)");
            drafts.close(false);

            trash.open(Folder.READ_ONLY);
            assertEquals("Plan for Monday", trash.getMessageByUID(1).getSubject());
            trash.close(false);
        } finally {
            store.close();
        }
        Mailboxes mailboxes = Mailboxes.of(user);
        assertEquals(List.of(0, 1, 1), List.of(mailboxes.messages("Drafts").size(), mailboxes.messages("Archive").size(),
                mailboxes.messages("Trash").size()));
    }

    @Test
    void jakartaMailSearchesByWordsAndSortsByArrival() throws Exception {
        String user = TestDomains.createUser(domain, "sol");
        Mailboxes.deliver(user, "From: Accounts <billing@example.net>\r\nSubject: Invoice 42\r\n\r\nPlease pay by Friday.\r\n");
        Mailboxes.of(user).awaitInbox(1);
        Mailboxes.deliver(user, "From: Logistics <logistics@example.net>\r\nSubject: Crates shipped\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Zürich, the crates left today.\r\n");
        Mailboxes.of(user).awaitInbox(2);
        Mailboxes.deliver(user, "From: Ops <ops@example.net>\r\nSubject: Lunch\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nShall we meet at the café by the harbour?\r\n");
        Mailboxes.of(user).awaitInbox(3);

        IMAPStore store = connect(user, false);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(List.of("Invoice 42"), subjects(inbox.search(new SubjectTerm("INVOICE"))), "case-insensitive");
            assertEquals(List.of("Lunch"), subjects(inbox.search(new BodyTerm("harb"))), "a word's beginning");
            assertEquals(List.of("Lunch"), subjects(inbox.search(new BodyTerm("cafe"))), "accents folded");
            // No search string with other than US-ASCII: Angus Mail 2.0.4 sends them as ISO-8859-1 once UTF8=ACCEPT is on.
            assertEquals(List.of("Crates shipped"), subjects(inbox.search(new BodyTerm("zurich"))), "accents folded, by the comma");
            assertEquals(List.of("Crates shipped"), subjects(inbox.search(new FromStringTerm("logistics"))));
            assertEquals(List.of("Invoice 42"), subjects(inbox.search(new AndTerm(new FromStringTerm("billing"), new BodyTerm("friday")))));
            assertEquals(List.of(), subjects(inbox.search(new AndTerm(new FromStringTerm("billing"), new BodyTerm("harbour")))));
            assertEquals(List.of("Invoice 42", "Lunch"), subjects(inbox.search(new OrTerm(new SubjectTerm("lunch"), new BodyTerm("pay")))));

            assertEquals(List.of("Lunch", "Crates shipped", "Invoice 42"),
                    subjects(inbox.getSortedMessages(new SortTerm[] {SortTerm.REVERSE, SortTerm.ARRIVAL})));
            SearchTerm notTheInvoice = new OrTerm(new BodyTerm("crates"), new SubjectTerm("lunch"));
            assertEquals(List.of("Crates shipped", "Lunch"),
                    subjects(inbox.getSortedMessages(new SortTerm[] {SortTerm.ARRIVAL}, notTheInvoice)), "SORT with a search program");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void jakartaMailReadsTheQuotaTheServerIdAndFolderAttributes() throws Exception {
        admin.expect(201, admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"quinn\",\"password\":\""
                + TestDomains.PASSWORD + "\",\"quotaMb\":2}"));
        String user = "quinn@" + domain;
        IMAPStore store = connect(user, false);
        try {
            Quota[] quotas = store.getQuota("INBOX");
            assertEquals(1, quotas.length);
            assertEquals("", quotas[0].quotaRoot);
            assertEquals("STORAGE", quotas[0].resources[0].name);
            assertEquals(0, quotas[0].resources[0].usage);
            assertEquals(2048, quotas[0].resources[0].limit, "in units of 1024 octets");

            Map<String, String> server = store.id(Map.of("name", "Mailward ImapClientLibrariesIT", "version", "1"));
            assertEquals("Mailward", server.get("name"));

            assertTrue(store.getFolder("Projects").create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS));
            Folder projects = store.getFolder("Projects/2026");
            assertTrue(projects.create(Folder.HOLDS_MESSAGES));
            assertTrue(projects.exists());
            assertEquals('/', projects.getSeparator());
            assertEquals(List.of("2026"), Arrays.stream(store.getFolder("Projects").list()).map(Folder::getName).toList());
            assertTrue(Arrays.asList(((IMAPFolder) store.getFolder("Projects")).getAttributes()).contains("\\HasChildren"));
            assertTrue(Arrays.asList(((IMAPFolder) store.getFolder("Junk")).getAttributes()).contains("\\Junk"),
                    "the special use shows in LIST (RFC 6154)");
            assertTrue(Arrays.asList(((IMAPFolder) store.getFolder("Sent")).getAttributes()).contains("\\Sent"));
        } finally {
            store.close();
        }
    }

    @Test
    void jakartaMailOverCompressDeflateParsesAMultipartWithItsAttachment() throws Exception {
        String user = TestDomains.createUser(domain, "zed");
        byte[] attachment = new byte[48 * 1024];
        new Random(42).nextBytes(attachment);
        Mailboxes.deliver(user, "From: sender@example.net\r\nTo: " + user + "\r\nSubject: Scan\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThe scan from the caf=C3=A9.\r\n"
                + "--b1\r\nContent-Type: application/octet-stream; name=scan.bin\r\nContent-Disposition: attachment; filename=scan.bin\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b1--\r\n");
        Mailboxes.of(user).awaitInbox(1);

        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        IMAPStore store = connect(user, true, new PrintStream(trace, true, StandardCharsets.UTF_8));
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            Multipart parts = (Multipart) message.getContent();
            assertEquals(2, parts.getCount());
            assertEquals("The scan from the café.", ((String) parts.getBodyPart(0).getContent()).strip());
            assertEquals("scan.bin", parts.getBodyPart(1).getFileName());
            assertArrayEquals(attachment, parts.getBodyPart(1).getInputStream().readAllBytes(), "the attachment, octet for octet");

            // The whole message, parsed by the client from BODY[], is the same.
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            message.writeTo(raw);
            MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.toByteArray()));
            assertArrayEquals(attachment, ((Multipart) parsed.getContent()).getBodyPart(1).getInputStream().readAllBytes());
            inbox.close(false);
        } finally {
            store.close();
        }
        String protocol = trace.toString(StandardCharsets.UTF_8);
        assertTrue(protocol.matches("(?s).*COMPRESS DEFLATE\r?\n\\S+ OK DEFLATE active.*"), "the session ran compressed: " + protocol
                .lines().filter(line -> line.contains("COMPRESS") || line.contains("DEFLATE")).toList());
    }

    /** Each message is in the INBOX before the next is sent, so their UIDs follow the order given. */
    private static void deliverInOrder(String user, String... subjects) throws IOException, InterruptedException {
        for (int i = 0; i < subjects.length; i++) {
            send(user, subjects[i], (i + 1) + "\r\n");
            Mailboxes.of(user).awaitInbox(i + 1);
        }
    }

    private static void send(String recipient, String subject, String body) throws IOException {
        Mailboxes.deliver(recipient, "From: sender@example.net\r\nTo: " + recipient + "\r\nSubject: " + subject + "\r\n\r\n" + body);
    }

    private static IMAPStore connect(String user, boolean compress) throws MessagingException {
        return connect(user, compress, null);
    }

    /** A Jakarta Mail store over implicit TLS, trusting the server's certificate; with a protocol trace when {@code trace} is given. */
    private static IMAPStore connect(String user, boolean compress, PrintStream trace) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imaps.ssl.socketFactory", ItEnvironment.trustServerCertificate().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        properties.put("mail.imaps.timeout", "15000");
        properties.put("mail.imaps.connectiontimeout", "15000");
        properties.put("mail.imaps.compress.enable", String.valueOf(compress));
        Session session = Session.getInstance(properties);
        if (trace != null) {
            session.setDebugOut(trace);
            session.setDebug(true);
        }
        IMAPStore store = (IMAPStore) session.getStore("imaps");
        store.connect(ItEnvironment.HOST, IMAPS, user, TestDomains.PASSWORD);
        return store;
    }

    private static List<String> subjects(Message[] messages) throws MessagingException {
        List<String> subjects = new ArrayList<>();
        for (Message message : messages) {
            subjects.add(message.getSubject());
        }
        return subjects;
    }

    /** The one line of the last reply that starts with {@code prefix}. */
    private static String untagged(IMAPSClient imap, String prefix) {
        List<String> lines = Arrays.stream(imap.getReplyStrings()).filter(line -> line.startsWith(prefix)).toList();
        assertEquals(1, lines.size(), prefix + " in " + Arrays.toString(imap.getReplyStrings()));
        return lines.getFirst();
    }

    /** The folders a LIST reply names, with their attributes. */
    private static Map<String, String> listed(IMAPSClient imap) {
        return Arrays.stream(imap.getReplyStrings()).map(LISTED::matcher).filter(Matcher::matches)
                .collect(Collectors.toMap(match -> match.group(2), match -> match.group(1)));
    }

    private static List<String> fetchResponses(IMAPSClient imap) {
        return Arrays.stream(imap.getReplyStrings()).filter(line -> line.matches("\\* \\d+ FETCH .*")).toList();
    }

    /** The first group of {@code regex} in a FETCH response, wherever the item is among the others. */
    private static String item(String response, String regex) {
        Matcher match = Pattern.compile(regex).matcher(response);
        assertTrue(match.find(), regex + " in " + response);
        return match.group(1);
    }

    /** What follows a response code's name up to its closing bracket: {@code [UIDVALIDITY 7]} gives "7". */
    private static String code(String text, String name) {
        return item(text, "\\[" + name + " ([^\\]]+)]");
    }
}
