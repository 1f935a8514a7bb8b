package org.mailward.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail from the Internet through the MX listener (2525) into mailboxes, with real clients:
 * Jakarta Mail's SMTP transport and Commons Net's SMTPClient. What lands is read back through
 * the REST API as its owner sees it.
 */
class InboundSmtpIT {

    private static final ApiClient admin = ApiClient.asAdministrator();
    private static String domain;
    private static String otherDomain;

    @BeforeAll
    static void directory() {
        domain = TestDomains.create(admin, "mx", "\"features\":{\"catchAll\":false,\"plusAddressing\":true}");
        otherDomain = TestDomains.create(admin, "mx-other", "");
        for (String user : List.of("bob", "carol", "dave", "erin")) {
            TestDomains.createAccount(admin, domain, user, "user");
        }
        TestDomains.createAccount(admin, otherDomain, "frank", "user");
    }

    private static Session mx() {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", ItEnvironment.HOST);
        properties.put("mail.smtp.port", "2525");
        properties.put("mail.smtp.localhost", "sender.example.net");
        properties.put("mail.smtp.timeout", "15000");
        return Session.getInstance(properties);
    }

    private static MimeMessage message(Session session, String from, String subject, String text, String... to)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        return message;
    }

    /** The subjects in the user's INBOX once it holds {@code count} messages; deliveries may finish in any order. */
    private static Set<String> subjects(String user, int count) throws InterruptedException {
        return Mailboxes.of(user).awaitInbox(count).stream()
                .map(m -> m.asJsonObject().getJsonObject("summary").getString("subject")).collect(Collectors.toSet());
    }

    private static JsonObject only(JsonArray messages) {
        assertEquals(1, messages.size(), messages.toString());
        return messages.getJsonObject(0);
    }

    @Test
    void aMessageFromTheInternetLandsInTheInboxWithItsTraceFields() throws Exception {
        Session session = mx();
        String text = "Hello Bob,\r\n.a line starting with a dot\r\n..and two\r\nBye\r\n";
        Transport.send(message(session, "alice@example.net", "Grüße aus dem Netz", text, "bob@" + domain));

        Mailboxes bob = Mailboxes.of("bob@" + domain);
        JsonObject listed = only(bob.awaitInbox(1));
        assertEquals("Grüße aus dem Netz", listed.getJsonObject("summary").getString("subject"));
        assertEquals("alice@example.net", listed.getJsonObject("summary").getString("from"));
        assertTrue(listed.getJsonArray("flags").isEmpty(), "new mail is unseen");

        String raw = bob.raw(listed.getJsonNumber("uid").longValue());
        assertTrue(raw.startsWith("Return-Path: <alice@example.net>\r\nReceived: from sender.example.net ([127.0.0.1])\r\n"), raw);
        assertTrue(raw.contains("with ESMTP id "), raw);
        assertTrue(raw.contains("for <bob@" + domain + ">; "), raw);
        assertTrue(raw.contains("\r\n\r\n" + text), "the body arrives as written, dot lines included: " + raw);
        assertEquals(raw.length(), listed.getJsonNumber("size").longValue(), "the size is that of the stored message");

        JsonObject inbox = bob.folder("INBOX");
        assertEquals(1, inbox.getInt("messages"));
        assertEquals(1, inbox.getInt("unseen"));
        assertEquals(2, inbox.getJsonNumber("uidNext").longValue());
        for (String special : List.of("Drafts", "Sent", "Junk", "Trash", "Archive")) {
            assertEquals(0, bob.folder(special).getInt("messages"), special);
        }
    }

    @Test
    void aMessageToSeveralLocalRecipientsIsStoredOnce() throws Exception {
        String shared = TestDomains.create(admin, "shared", "");
        List<String> users = List.of("u1", "u2", "u3", "u4", "u5");
        users.forEach(user -> TestDomains.createAccount(admin, shared, user, "user"));
        Session session = mx();
        Transport.send(message(session, "list@example.net", "To all five", "Same body for everyone\r\n",
                users.stream().map(user -> user + "@" + shared).toArray(String[]::new)));

        String first = null;
        for (String user : users) {
            Mailboxes mailbox = Mailboxes.of(user + "@" + shared);
            String raw = mailbox.raw(only(mailbox.awaitInbox(1)).getJsonNumber("uid").longValue());
            assertFalse(raw.contains("\tfor <"), "no single recipient named when there are several");
            if (first == null) {
                first = raw;
            }
            assertEquals(first, raw);
        }
        try (Stream<Path> files = Files.walk(ItEnvironment.dataDirectory().resolve("blobs").resolve(shared))) {
            assertEquals(1, files.filter(Files::isRegularFile).filter(file -> !file.getParent().endsWith("tmp")).count(),
                    "one body on disk for five mailboxes");
        }
    }

    @Test
    void aBodyIsStoredAsItCameUnlessCompressionIsTurnedOn() throws Exception {
        String plain = TestDomains.create(admin, "plain", "");
        TestDomains.createAccount(admin, plain, "uma", "user");
        Transport.send(message(mx(), "sender@example.net", "Stored plain", "A body kept as it came\r\n", "uma@" + plain));
        Mailboxes uma = Mailboxes.of("uma@" + plain);
        String raw = uma.raw(only(uma.awaitInbox(1)).getJsonNumber("uid").longValue());
        assertEquals(List.of(raw), bodiesOnDisk(plain, ".eml"), "the file is the message as delivered");

        String packed = TestDomains.create(admin, "packed", "");
        TestDomains.createAccount(admin, packed, "ulf", "user");
        admin.expect(200, admin.put("/system/settings", "{\"store.compress-bodies\":{\"value\":\"true\"}}"));
        String compressed;
        try {
            Transport.send(message(mx(), "sender@example.net", "Stored packed", "A body kept small\r\n", "ulf@" + packed));
            Mailboxes ulf = Mailboxes.of("ulf@" + packed);
            compressed = ulf.raw(only(ulf.awaitInbox(1)).getJsonNumber("uid").longValue());
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"store.compress-bodies\":{\"value\":null}}"));
        }
        assertTrue(compressed.contains("A body kept small"), compressed);
        List<String> files = bodiesOnDisk(packed, ".zst");
        assertEquals(1, files.size());
        assertFalse(files.getFirst().contains("A body kept small"), "the file on disk is compressed");
    }

    /** The domain's stored bodies, each read as UTF-8; all must have {@code suffix}. */
    private static List<String> bodiesOnDisk(String domainName, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(ItEnvironment.dataDirectory().resolve("blobs").resolve(domainName))) {
            List<Path> bodies = files.filter(Files::isRegularFile).filter(file -> !file.getParent().endsWith("tmp")).toList();
            assertTrue(bodies.stream().allMatch(file -> file.toString().endsWith(suffix)), bodies.toString());
            List<String> contents = new ArrayList<>();
            for (Path body : bodies) {
                contents.add(Files.readString(body, StandardCharsets.ISO_8859_1));
            }
            return contents;
        }
    }

    @Test
    void unknownUsersAndRelayingAreRefusedAtRcpt() throws Exception {
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            assertTrue(SMTPReply.isPositiveCompletion(smtp.ehlo("sender.example.net")));
            assertTrue(smtp.setSender("alice@example.net"));
            assertFalse(smtp.addRecipient("nobody@" + domain));
            assertEquals(550, smtp.getReplyCode());
            assertTrue(smtp.getReplyString().startsWith("550 5.1.1"), smtp.getReplyString());
            assertFalse(smtp.addRecipient("someone@elsewhere.example"));
            assertTrue(smtp.getReplyString().startsWith("550 5.7.1 Relaying denied"), smtp.getReplyString());
            assertFalse(smtp.addRecipient("someone@[127.0.0.1]"));
            assertTrue(smtp.getReplyString().startsWith("550 5.7.1"), smtp.getReplyString());
            assertTrue(smtp.addRecipient("carol@" + domain));
            assertTrue(smtp.sendShortMessageData("Subject: only carol\r\n\r\nhi\r\n"));
        } finally {
            smtp.disconnect();
        }
        assertEquals(List.of("only carol"), Mailboxes.of("carol@" + domain).subjects().subList(0, 1));
    }

    @Test
    void anAccountTakesMailAsSoonAsItIsCreatedAndNoLongerOnceDeleted() throws Exception {
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            assertTrue(SMTPReply.isPositiveCompletion(smtp.ehlo("sender.example.net")));
            assertTrue(smtp.setSender("alice@example.net"));
            assertFalse(smtp.addRecipient("newcomer@" + domain));
            TestDomains.createAccount(admin, domain, "newcomer", "user");
            assertTrue(smtp.addRecipient("newcomer@" + domain), "no remembered refusal: " + smtp.getReplyString());
            assertTrue(smtp.sendShortMessageData("Subject: welcome\r\n\r\nhi\r\n"));

            admin.expect(204, admin.delete("/domains/" + domain + "/accounts/newcomer"));
            assertTrue(smtp.setSender("alice@example.net"));
            assertFalse(smtp.addRecipient("newcomer@" + domain), "a deleted account takes no more mail");
            assertTrue(smtp.getReplyString().startsWith("550 5.1.1"), smtp.getReplyString());
        } finally {
            smtp.disconnect();
        }
    }

    @Test
    void aBarePostmasterIsTheDefaultDomainsPostmaster() throws Exception {
        String home = TestDomains.create(admin, "pm", "");
        TestDomains.createAccount(admin, home, "postmaster", "user");
        admin.expect(200, admin.put("/system/settings", "{\"login.default-domain\":{\"value\":\"" + home + "\"}}"));
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            assertTrue(SMTPReply.isPositiveCompletion(smtp.ehlo("sender.example.net")));
            assertTrue(smtp.setSender("alice@example.net"));
            assertTrue(smtp.addRecipient("postmaster"), smtp.getReplyString()); // RFC 5321 section 4.5.1
            assertTrue(smtp.sendShortMessageData("Subject: to the postmaster\r\n\r\nhi\r\n"), smtp.getReplyString());
        } finally {
            smtp.disconnect();
            admin.expect(200, admin.put("/system/settings", "{\"login.default-domain\":{\"value\":null}}"));
        }
        assertEquals(Set.of("to the postmaster"), subjects("postmaster@" + home, 1));
    }

    @Test
    void jakartaMailSeesEachRefusedRecipient() throws Exception {
        Session session = mx();
        SendFailedException failure = assertThrows(SendFailedException.class, () -> Transport.send(
                message(session, "alice@example.net", "partly", "x\r\n", "nobody@" + domain, "dave@" + domain)));
        assertEquals(1, failure.getInvalidAddresses().length);
        assertEquals("nobody@" + domain, failure.getInvalidAddresses()[0].toString());
    }

    @Test
    void aliasesPlusAddressingDomainAliasesAndTheCatchAllDeliver() throws Exception {
        String team = TestDomains.create(admin, "routes", "\"features\":{\"catchAll\":true,\"plusAddressing\":true}");
        String teamAlias = "alias-" + team;
        TestDomains.createAccount(admin, team, "gina", "user");
        TestDomains.createAccount(admin, team, "hank", "user");
        TestDomains.createAccount(admin, team, "ivan", "user");
        admin.expect(201, admin.post("/domains/" + team + "/aliases",
                "{\"localPart\":\"team\",\"targets\":[\"gina@" + team + "\",\"hank@" + team + "\"]}"));
        admin.expect(201, admin.post("/domains/" + team + "/aliases",
                "{\"localPart\":\"all\",\"targets\":[\"team@" + team + "\",\"gina@" + team + "\",\"frank@" + otherDomain + "\"]}"));
        admin.expect(201, admin.post("/domains/" + team + "/aliases", "{\"catchAll\":true,\"targets\":[\"ivan@" + team + "\"]}"));
        admin.expect(200, admin.post("/domains/" + team + "/domain-aliases", "{\"name\":\"" + teamAlias + "\"}"));

        Session session = mx();
        Transport.send(message(session, "x@example.net", "to the team", "1\r\n", "team@" + team));
        Transport.send(message(session, "x@example.net", "to all", "2\r\n", "all@" + team));
        Transport.send(message(session, "x@example.net", "plus tag", "3\r\n", "gina+newsletters@" + team));
        Transport.send(message(session, "x@example.net", "domain alias", "4\r\n", "hank@" + teamAlias));
        Transport.send(message(session, "x@example.net", "anything goes", "5\r\n", "whoever@" + team));

        // "all" reaches gina twice (directly and through team): she gets it once.
        assertEquals(Set.of("plus tag", "to all", "to the team"), subjects("gina@" + team, 3));
        assertEquals(Set.of("domain alias", "to all", "to the team"), subjects("hank@" + team, 3));
        assertEquals(Set.of("anything goes"), subjects("ivan@" + team, 1));
        assertEquals(Set.of("to all"), subjects("frank@" + otherDomain, 1));
    }

    @Test
    void anAliasLoopAcrossDomainsDeliversToTheRealMailboxOnceAndStops() throws Exception {
        String left = TestDomains.create(admin, "loop-left", "");
        String right = TestDomains.create(admin, "loop-right", "");
        TestDomains.createAccount(admin, left, "judy", "user");
        admin.expect(201, admin.post("/domains/" + left + "/aliases",
                "{\"localPart\":\"loop\",\"targets\":[\"loop@" + right + "\",\"judy@" + left + "\"]}"));
        admin.expect(201, admin.post("/domains/" + right + "/aliases", "{\"localPart\":\"loop\",\"targets\":[\"loop@" + left + "\"]}"));

        Transport.send(message(mx(), "x@example.net", "round and round", "x\r\n", "loop@" + left));

        Mailboxes judy = Mailboxes.of("judy@" + left);
        judy.awaitInbox(1);
        // A later message to judy herself: once it is in, a looping copy would have been too.
        Transport.send(message(mx(), "x@example.net", "after the loop", "x\r\n", "judy@" + left));
        judy.awaitInbox(2);
        assertEquals(List.of("after the loop", "round and round"), judy.subjects().stream().sorted().toList(),
                "the loop did not deliver again");
    }

    @Test
    void aDomainsMessageSizeLimitAndAFullMailboxAreEnforced() throws Exception {
        String small = TestDomains.create(admin, "small", "\"limits\":{\"maxMessageSizeKb\":10}");
        TestDomains.createAccount(admin, small, "kim", "user");
        admin.expect(200, admin.put("/domains/" + domain + "/accounts/erin", "{\"quotaMb\":1}"));

        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            smtp.ehlo("sender.example.net");
            smtp.mail("<x@example.net> SIZE=20000");
            assertFalse(smtp.addRecipient("kim@" + small));
            assertTrue(smtp.getReplyString().startsWith("552 5.3.4"), smtp.getReplyString());
            smtp.reset();

            // Undeclared, the size is found on the stream.
            smtp.setSender("x@example.net");
            assertTrue(smtp.addRecipient("kim@" + small));
            assertFalse(smtp.sendShortMessageData("Subject: big\r\n\r\n" + "0123456789abcde\r\n".repeat(1000)));
            assertTrue(smtp.getReplyString().startsWith("552 5.3.4"), smtp.getReplyString());

            // Fill erin's 1 MB, then she takes nothing more.
            smtp.setSender("x@example.net");
            assertTrue(smtp.addRecipient("erin@" + domain));
            assertTrue(smtp.sendShortMessageData("Subject: filler\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(14_000)));
            Mailboxes.of("erin@" + domain).awaitInbox(1);
            smtp.setSender("x@example.net");
            assertFalse(smtp.addRecipient("erin@" + domain));
            assertTrue(smtp.getReplyString().startsWith("452 4.2.2"), smtp.getReplyString());
        } finally {
            smtp.disconnect();
        }
        assertTrue(Mailboxes.of("kim@" + small).messages("INBOX").isEmpty());
    }

    @Test
    void aFullDomainTakesNoMoreMail() throws Exception {
        String full = TestDomains.create(admin, "full", "\"limits\":{\"diskSpaceMb\":1}");
        TestDomains.createAccount(admin, full, "pat", "user");
        TestDomains.createAccount(admin, full, "quinn", "user");
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            smtp.ehlo("sender.example.net");
            smtp.setSender("x@example.net");
            assertTrue(smtp.addRecipient("pat@" + full));
            assertTrue(smtp.sendShortMessageData("Subject: filler\r\n\r\n" + "x".repeat(78).concat("\r\n").repeat(14_000)));
            Mailboxes.of("pat@" + full).awaitInbox(1);
            smtp.setSender("x@example.net");
            assertFalse(smtp.addRecipient("quinn@" + full), "quinn's own quota is unlimited, but the domain is full");
            assertTrue(smtp.getReplyString().startsWith("452 4.2.2"), smtp.getReplyString());
        } finally {
            smtp.disconnect();
        }
    }

    @Test
    void theSizeLimitIsAnnouncedInEhlo() throws IOException {
        AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            smtp.ehlo("sender.example.net");
            String ehlo = smtp.getReplyString();
            for (String extension : List.of("SIZE 26214400", "PIPELINING", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES",
                    "DSN", "CHUNKING", "STARTTLS")) {
                assertTrue(ehlo.contains(extension), extension + " in " + ehlo);
            }
            assertFalse(ehlo.contains("AUTH"), "the MX listener offers no AUTH: " + ehlo);
        } finally {
            smtp.disconnect();
        }
    }
}
