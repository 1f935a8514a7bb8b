package org.mailward.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.apache.commons.net.pop3.POP3SClient;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * POP3 (RFC 1939, RFC 2449, RFC 2595, RFC 5034) against the deployed server: Jakarta Mail's POP3
 * store, Commons Net's POP3 client, and raw sockets for what clients never send.
 */
class Pop3IT {

    private static final int POP3 = 2110;
    private static final int POP3S = 2995;
    private static String domain;

    @BeforeAll
    static void aDomain() {
        domain = TestDomains.create(ApiClient.asAdministrator(), "pop3", "");
    }

    @Test
    void jakartaMailReadsTheInboxAndDeletesWhenItClosesTheFolder() throws Exception {
        String user = TestDomains.createUser(domain, "paula");
        send(user, "First", "the first body");
        send(user, "Second", "the second body");
        Mailboxes.of(user).awaitInbox(2);

        String secondUid;
        try (Store store = session().getStore("pop3s")) {
            store.connect(ItEnvironment.HOST, POP3S, user, TestDomains.PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            assertEquals(2, inbox.getMessageCount());
            Message first = inbox.getMessage(1);
            assertEquals("First", first.getSubject());
            assertEquals("the first body", first.getContent().toString().strip());
            secondUid = ((POP3Folder) inbox).getUID(inbox.getMessage(2));
            assertNotNull(secondUid);
            first.setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // QUIT: the UPDATE state removes it
        }

        List<String> subjects = Mailboxes.of(user).awaitInbox(1).stream().map(JsonObject.class::cast)
                .map(message -> message.getJsonObject("summary").getString("subject")).toList();
        assertEquals(List.of("Second"), subjects);
        assertFalse(flags(user).contains("SEEN"), "RETR left the message unread for the user's other clients");
        try (Store store = session().getStore("pop3s")) {
            store.connect(ItEnvironment.HOST, POP3S, user, TestDomains.PASSWORD);
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(secondUid, inbox.getUID(inbox.getMessage(1)), "a message keeps its UIDL from session to session");
            inbox.close(false);
        }
    }

    @Test
    void commonsNetListsAndSendsTheMessagesByteForByte() throws Exception {
        String user = TestDomains.createUser(domain, "carl");
        send(user, "Dotted", "a line\r\n.starts with a dot\r\n..and two\r\n");
        Mailboxes mailbox = Mailboxes.of(user);
        long uid = mailbox.awaitInbox(1).getJsonObject(0).getJsonNumber("uid").longValue();
        String stored = mailbox.raw(uid);

        POP3SClient pop3 = new POP3SClient(true, ItEnvironment.trustServerCertificate());
        pop3.setDefaultTimeout(15_000);
        pop3.connect(ItEnvironment.HOST, POP3S);
        try {
            assertTrue(pop3.login(user, TestDomains.PASSWORD), pop3.getReplyString());
            POP3MessageInfo status = pop3.status();
            assertEquals(1, status.number);
            assertEquals(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, status.size);
            assertEquals(status.size, pop3.listMessage(1).size);
            assertEquals(pop3.listUniqueIdentifier(1).identifier, pop3.listUniqueIdentifiers()[0].identifier);
            assertEquals(stored, read(pop3.retrieveMessage(1)), "the client reads back what is stored, octet for octet");
            String top = read(pop3.retrieveMessageTop(1, 1));
            assertEquals(stored.substring(0, stored.indexOf("\r\n\r\n") + 4) + "a line\r\n", top);
            assertTrue(pop3.logout(), pop3.getReplyString());
        } finally {
            pop3.disconnect();
        }
    }

    @Test
    void aConnectionDroppedAfterDeleRemovesNothing() throws Exception {
        String user = userWith("dora", "Keep me", "still here");

        try (RawClient pop3 = loggedIn(user)) {
            assertEquals("+OK Message 1 deleted", pop3.exchange("DELE 1", "").getFirst());
        } // closed without QUIT

        try (RawClient pop3 = loggedIn(user)) {
            assertEquals("+OK 1 " + size(user), pop3.exchange("STAT", "").getFirst());
            assertEquals("+OK Mailward POP3 server signing off", pop3.exchange("QUIT", "").getFirst());
        }
        Mailboxes.of(user).awaitInbox(1);
    }

    @Test
    void theMaildropIsTheInboxAtLoginAndRsetUndoesDele() throws Exception {
        String user = userWith("emil", "One", "1");

        try (RawClient pop3 = loggedIn(user)) {
            send(user, "Two", "2");
            Mailboxes.of(user).awaitInbox(2);
            assertTrue(pop3.exchange("STAT", "").getFirst().startsWith("+OK 1 "), "mail that arrived after login waits");
            pop3.exchange("DELE 1", "");
            assertTrue(pop3.exchange("RSET", "").getFirst().startsWith("+OK Maildrop has 1 messages"));
            assertEquals("+OK Mailward POP3 server signing off", pop3.exchange("QUIT", "").getFirst());
        }
        try (RawClient pop3 = loggedIn(user)) {
            assertTrue(pop3.exchange("STAT", "").getFirst().startsWith("+OK 2 "));
            pop3.exchange("DELE 2", "");
            assertEquals("+OK Mailward POP3 server signing off (1 messages deleted)", pop3.exchange("QUIT", "").getFirst());
        }
        assertEquals("One", Mailboxes.of(user).awaitInbox(1).getJsonObject(0).getJsonObject("summary").getString("subject"));
    }

    @Test
    void retrMarksMailReadOnlyWhereTheUserAskedForIt() throws Exception {
        String user = userWith("fay", "Read me", "now");
        ApiClient own = ApiClient.as(user, TestDomains.PASSWORD);
        own.expect(200, own.put("/me/settings", "{\"pop3.retr-marks-seen\":{\"value\":\"true\"}}"));

        try (RawClient pop3 = loggedIn(user)) {
            List<String> top = pop3.exchange("TOP 1 0", ".");
            assertTrue(top.getFirst().startsWith("+OK"), top.toString());
            assertFalse(flags(user).contains("SEEN"), "TOP reads no message");
            List<String> retr = pop3.exchange("RETR 1", ".");
            assertTrue(retr.contains("now"), retr.toString());
        }
        assertTrue(flags(user).contains("SEEN"));
    }

    @Test
    void stlsStartsTlsAndOnlyThenOffersLogins() throws Exception {
        String user = TestDomains.createUser(domain, "gus");
        try (RawClient pop3 = RawClient.connect("127.0.0.1", POP3, false)) {
            assertTrue(pop3.line().startsWith("+OK"));
            List<String> before = pop3.exchange("CAPA", ".");
            assertTrue(before.contains("STLS") && !before.contains("USER"), before.toString());
            assertEquals("-ERR Login requires a TLS connection", pop3.exchange("USER " + user, "").getFirst());
            assertEquals("+OK Begin TLS negotiation", pop3.exchange("STLS", "").getFirst());
            pop3.startTls();
            List<String> after = pop3.exchange("CAPA", ".");
            assertTrue(after.contains("USER") && after.contains("SASL PLAIN") && !after.contains("STLS"), after.toString());
            pop3.exchange("USER " + user, "");
            assertTrue(pop3.exchange("PASS " + TestDomains.PASSWORD, "").getFirst().startsWith("+OK Logged in"));
        }
    }

    @Test
    void badCommandsGetErrorsAndTheSessionGoesOn() throws Exception {
        String user = userWith("hal", "Only", "one");
        try (RawClient pop3 = RawClient.connect("127.0.0.1", POP3S, true)) {
            pop3.line();
            assertEquals("-ERR Log in first", pop3.exchange("STAT", "").getFirst());
            pop3.exchange("USER " + user, "");
            pop3.exchange("PASS " + TestDomains.PASSWORD, "");
            assertEquals("-ERR No such message, only 1 messages in maildrop", pop3.exchange("RETR 2", "").getFirst());
            assertEquals("-ERR Invalid message number -1", pop3.exchange("DELE -1", "").getFirst());
            assertEquals("-ERR TOP takes a message number and a number of lines", pop3.exchange("TOP 1", "").getFirst());
            assertEquals("-ERR Unknown command", pop3.exchange("APOP " + user + " 0123456789abcdef", "").getFirst());
            assertEquals("-ERR Line too long", pop3.exchange("NOOP " + "x".repeat(10_000), "").getFirst());
            assertEquals("+OK", pop3.exchange("NOOP", "").getFirst());
            assertTrue(pop3.exchange("LIST 1", "").getFirst().startsWith("+OK 1 "));
        }
    }

    @Test
    void anAccountWithoutPop3CannotLogIn() throws Exception {
        ApiClient admin = ApiClient.asAdministrator();
        String user = TestDomains.createUser(domain, "ian");
        admin.expect(200, admin.put("/domains/" + domain + "/accounts/ian", "{\"protocols\":[\"imap\",\"smtp\"]}"));
        try (RawClient pop3 = RawClient.connect("127.0.0.1", POP3S, true)) {
            pop3.line();
            pop3.exchange("USER " + user, "");
            assertEquals("-ERR [AUTH] POP3 is not enabled for this account", pop3.exchange("PASS " + TestDomains.PASSWORD, "").getFirst());
        }
    }

    /** A new user of the test domain with one message in INBOX. */
    private static String userWith(String localPart, String subject, String body) throws Exception {
        String user = TestDomains.createUser(domain, localPart);
        send(user, subject, body);
        Mailboxes.of(user).awaitInbox(1);
        return user;
    }

    /** A POP3S connection, greeted and logged in. */
    private static RawClient loggedIn(String user) throws IOException {
        RawClient pop3 = RawClient.connect("127.0.0.1", POP3S, true);
        pop3.line();
        pop3.exchange("USER " + user, "");
        String answer = pop3.exchange("PASS " + TestDomains.PASSWORD, "").getFirst();
        if (!answer.startsWith("+OK Logged in")) {
            pop3.close();
            throw new AssertionError("POP3 login failed: " + answer);
        }
        return pop3;
    }

    private static List<String> flags(String user) {
        return Mailboxes.of(user).messages("INBOX").getJsonObject(0).getJsonArray("flags").stream()
                .map(flag -> ((JsonString) flag).getString()).toList();
    }

    private static long size(String user) {
        return Mailboxes.of(user).messages("INBOX").getJsonObject(0).getJsonNumber("size").longValue();
    }

    private static String read(Reader reader) throws IOException {
        try (BufferedReader lines = new BufferedReader(reader)) {
            return lines.lines().map(line -> line + "\r\n").collect(Collectors.joining());
        }
    }

    private static void send(String recipient, String subject, String body) throws IOException {
        Mailboxes.deliver(recipient, "From: sender@example.net\r\nTo: " + recipient + "\r\nSubject: " + subject
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n");
    }

    private static Session session() throws GeneralSecurityException {
        Properties properties = new Properties();
        properties.put("mail.pop3s.ssl.socketFactory", ItEnvironment.trustServerCertificate().getSocketFactory());
        properties.put("mail.pop3s.ssl.checkserveridentity", "false");
        properties.put("mail.pop3s.timeout", "15000");
        return Session.getInstance(properties);
    }
}
