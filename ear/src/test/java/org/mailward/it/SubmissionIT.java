package org.mailward.it;

import jakarta.json.JsonObject;
import jakarta.mail.SendFailedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submission (RFC 6409) from mail clients: STARTTLS on 2587 and implicit TLS on 2465, AUTH
 * required, sender addresses limited to the user's own, relaying for them only.
 */
class SubmissionIT {

    private static final ApiClient admin = ApiClient.asAdministrator();
    private static String domain;

    @BeforeAll
    static void directory() {
        domain = TestDomains.create(admin, "submit", "\"features\":{\"plusAddressing\":true},\"limits\":{\"maxRecipients\":3}");
        for (String user : List.of("amy", "ben", "cat")) {
            TestDomains.createAccount(admin, domain, user, "user");
        }
        admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"localPart\":\"sales\",\"targets\":[\"amy@" + domain + "\"]}"));
    }

    @Test
    void anAuthenticatedUserSendsToALocalMailboxOverStartTls() throws Exception {
        String amy = "amy@" + domain;
        Submissions.send(Submissions.client(false, amy), amy, amy, "hello ben", "ben@" + domain);

        Mailboxes ben = Mailboxes.of("ben@" + domain);
        String raw = ben.raw(ben.awaitInbox(1).getJsonObject(0).getJsonNumber("uid").longValue());
        assertTrue(raw.startsWith("Return-Path: <" + amy + ">\r\nReceived: from laptop.example.net"), raw);
        assertTrue(raw.contains("with ESMTPSA id"), "TLS and authentication recorded: " + raw);
    }

    @Test
    void anAuthenticatedUserRelaysToRemoteAddressesOverImplicitTls() throws Exception {
        String amy = "amy@" + domain;
        String remote = "partner-" + domain + "@example.org";
        Submissions.send(Submissions.client(true, amy), amy, "sales@" + domain, "to a partner", remote);

        // Accepted (INBOUND), then routed: the remote address waits on the outbound queue (the
        // tests' DNS answers SERVFAIL for example.org, so it waits there, DEFERRED after its first attempt).
        JsonObject queued = awaitSpooled("OUTBOUND", remote);
        assertEquals("sales@" + domain, queued.getString("sender"));
        assertTrue(List.of("QUEUED", "DEFERRED").contains(queued.getString("state")), queued.toString());
    }

    @Test
    void aSenderAddressMustBeTheUsersOwn() throws Exception {
        String amy = "amy@" + domain;
        SendFailedException foreign = assertThrows(SendFailedException.class,
                () -> Submissions.send(Submissions.client(false, amy), amy, "ceo@" + domain, "spoofed", "ben@" + domain));
        assertTrue(foreign.getMessage().contains("553 5.7.1"), foreign.getMessage());
        SendFailedException otherUser = assertThrows(SendFailedException.class,
                () -> Submissions.send(Submissions.client(false, amy), amy, "cat@" + domain, "spoofed", "ben@" + domain));
        assertTrue(otherUser.getMessage().contains("553 5.7.1"), otherUser.getMessage());

        // Her own alias and her plus address are hers.
        Submissions.send(Submissions.client(false, amy), amy, "sales@" + domain, "as sales", "cat@" + domain);
        Submissions.send(Submissions.client(false, amy), amy, "amy+lists@" + domain, "as amy+lists", "cat@" + domain);
        Mailboxes.of("cat@" + domain).awaitInbox(2);
    }

    @Test
    void aCatchAllDoesNotMakeEveryAddressTheTargetsToSendFrom() throws Exception {
        String open = TestDomains.create(admin, "catchall", "\"features\":{\"catchAll\":true}");
        TestDomains.createAccount(admin, open, "eve", "user");
        String eve = "eve@" + open;
        admin.expect(201, admin.post("/domains/" + open + "/aliases", "{\"catchAll\":true,\"targets\":[\"" + eve + "\"]}"));

        SendFailedException anyone = assertThrows(SendFailedException.class,
                () -> Submissions.send(Submissions.client(false, eve), eve, "billing@" + open, "as anyone", eve));
        assertTrue(anyone.getMessage().contains("553 5.7.1"), anyone.getMessage());
        Submissions.send(Submissions.client(false, eve), eve, eve, "as herself", eve);
        Mailboxes mailbox = Mailboxes.of(eve);
        mailbox.awaitInbox(1);
        assertEquals(List.of("as herself"), mailbox.subjects());
    }

    @Test
    void mailWithoutAuthenticationIsRefusedOnSubmission() throws Exception {
        try (RawClient smtp = RawClient.connect("127.42.8.1", 2587, false)) {
            assertTrue(smtp.line().startsWith("220 "));
            List<String> ehlo = smtp.exchange("EHLO laptop.example.net", "250 ");
            assertTrue(ehlo.stream().noneMatch(line -> line.contains("AUTH")), "no AUTH before TLS: " + ehlo);
            assertTrue(ehlo.stream().anyMatch(line -> line.contains("STARTTLS")), ehlo.toString());
            smtp.exchange("STARTTLS", "220 ");
            smtp.startTls();
            assertTrue(smtp.exchange("EHLO laptop.example.net", "250 ").stream().anyMatch(line -> line.contains("AUTH PLAIN LOGIN")));
            assertEquals("530 5.7.0 Authentication required", smtp.exchange("MAIL FROM:<amy@" + domain + ">", "5").getLast());
        }
    }

    @Test
    void aDomainsRecipientLimitAppliesToItsSenders() throws Exception {
        String amy = "amy@" + domain;
        SendFailedException tooMany = assertThrows(SendFailedException.class, () -> Submissions.send(Submissions.client(false, amy), amy, amy, "many",
                "ben@" + domain, "cat@" + domain, "x1@example.org", "x2@example.org"));
        assertTrue(tooMany.getMessage().contains("452 4.5.3") || String.valueOf(tooMany.getNextException()).contains("452 4.5.3"),
                tooMany.toString());
    }

    @Test
    void aDomainsMessageSizeLimitAppliesToWhatItsUsersSendOut() throws Exception {
        String tight = TestDomains.create(admin, "tight", "\"limits\":{\"maxMessageSizeKb\":10}");
        TestDomains.createAccount(admin, tight, "dan", "user");
        String dan = "dan@" + tight;
        try (RawClient smtp = RawClient.connect("127.42.8.2", 2465, true)) {
            smtp.line();
            smtp.exchange("EHLO laptop.example.net", "250 ");
            assertTrue(smtp.exchange("AUTH PLAIN " + RawClient.saslPlain(dan, TestDomains.PASSWORD), "2").getLast().startsWith("235 "));

            smtp.exchange("MAIL FROM:<" + dan + "> SIZE=20000", "250 ");
            assertTrue(smtp.exchange("RCPT TO:<far@example.org>", "5").getLast().startsWith("552 5.3.4"), "declared too big");
            smtp.exchange("RSET", "250 ");

            // Undeclared, the size is found on the stream, and nothing is queued.
            smtp.exchange("MAIL FROM:<" + dan + ">", "250 ");
            smtp.exchange("RCPT TO:<far@example.org>", "250 ");
            smtp.exchange("DATA", "354 ");
            smtp.sendRaw("Subject: big\r\n\r\n" + "0123456789abcde\r\n".repeat(1000));
            assertTrue(smtp.exchange(".", "5").getLast().startsWith("552 5.3.4"), "too big on the stream");

            smtp.exchange("MAIL FROM:<" + dan + ">", "250 ");
            smtp.exchange("RCPT TO:<near@example.org>", "250 ");
            smtp.exchange("DATA", "354 ");
            assertTrue(smtp.exchange("Subject: small\r\n\r\nfits\r\n.", "2").getLast().startsWith("250 "), "a small one goes");
        }
        awaitSpooled("OUTBOUND", "near@example.org");
    }

    @Test
    void onlyTheSystemAdministratorSeesTheSpool() {
        ApiClient amy = ApiClient.as("amy@" + domain, TestDomains.PASSWORD);
        amy.expect(403, amy.get("/system/spool"));
    }

    private static JsonObject awaitSpooled(String direction, String recipient) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (var item : admin.expect(200, admin.get("/system/spool?limit=500")).getJsonArray("items")) {
                JsonObject message = item.asJsonObject();
                if (message.getString("direction").equals(direction) && message.getJsonArray("recipients").getString(0).equals(recipient)) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing " + direction + " for " + recipient + " in the spool");
    }
}
