package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMTP wire protocol on raw sockets, where no client library would go: pipelining, chunking,
 * smuggling attempts, plaintext injected ahead of STARTTLS, clients that keep erring or guessing
 * addresses, and one address holding too many connections.
 */
class SmtpProtocolIT {

    private static final ApiClient admin = ApiClient.asAdministrator();
    private static String domain;

    @BeforeAll
    static void directory() {
        domain = TestDomains.create(admin, "wire", "");
        for (String user : List.of("bob", "smuggle", "chunk", "tls")) {
            TestDomains.createAccount(admin, domain, user, "user");
        }
    }

    private static RawClient greeted(String source) throws IOException {
        RawClient client = RawClient.connect(source, 2525, false);
        assertTrue(client.line().startsWith("220 "));
        client.exchange("EHLO wire.example.net", "250 ");
        return client;
    }

    @Test
    void answersPipelinedCommandsInOrder() throws Exception {
        try (RawClient smtp = greeted("127.42.7.1")) {
            smtp.sendRaw("MAIL FROM:<a@example.net>\r\nRCPT TO:<bob@" + domain + ">\r\nRCPT TO:<nobody@" + domain + ">\r\nDATA\r\n");
            assertTrue(smtp.line().startsWith("250 2.1.0"));
            assertTrue(smtp.line().startsWith("250 2.1.5"));
            assertTrue(smtp.line().startsWith("550 5.1.1"));
            assertTrue(smtp.line().startsWith("354 "));
            smtp.sendRaw("Subject: pipelined\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertTrue(smtp.line().startsWith("250 2.0.0"));
            assertTrue(smtp.line().startsWith("221 "));
        }
        assertTrue(Mailboxes.of("bob@" + domain).awaitInbox(1).getJsonObject(0).toString().contains("pipelined"));
    }

    @Test
    void smuggledCommandsBehindBareLineFeedsAreNeverExecuted() throws Exception {
        try (RawClient smtp = greeted("127.42.7.2")) {
            for (String hidden : List.of("\n.\n", "\r.\r", "\n.\r\n")) {
                smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
                smtp.exchange("RCPT TO:<smuggle@" + domain + ">", "250 ");
                smtp.exchange("DATA", "354 ");
                smtp.sendRaw("Subject: carrier\r\n\r\nhello" + hidden + "MAIL FROM:<evil@example.net>\r\nRCPT TO:<smuggle@" + domain
                        + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n");
                String reply = smtp.line();
                assertTrue(reply.startsWith("550 5.6.0"), "one message, refused for its bare line end: " + reply);
                assertTrue(smtp.exchange("NOOP", "250 ").getLast().startsWith("250 2.0.0"), "the session goes on");
            }
        }
        // A plain message sent afterwards: once it is in, anything accepted before it would have been too.
        try (RawClient smtp = greeted("127.42.7.2")) {
            smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
            smtp.exchange("RCPT TO:<smuggle@" + domain + ">", "250 ");
            smtp.exchange("DATA", "354 ");
            smtp.sendRaw("Subject: sentinel\r\n\r\nx\r\n.\r\n");
            assertTrue(smtp.line().startsWith("250 "));
        }
        Mailboxes.of("smuggle@" + domain).awaitInbox(1);
        assertEquals(List.of("sentinel"), Mailboxes.of("smuggle@" + domain).subjects(), "neither the carrier nor the smuggled message");
    }

    @Test
    void plaintextSentAheadOfTheTlsHandshakeIsDiscarded() throws Exception {
        try (RawClient smtp = greeted("127.42.7.3")) {
            smtp.sendRaw("STARTTLS\r\nMAIL FROM:<injected@example.net>\r\n");
            assertTrue(smtp.line().startsWith("220 2.0.0"));
            smtp.startTls();
            List<String> ehlo = smtp.exchange("EHLO wire.example.net", "250 ");
            assertTrue(ehlo.getFirst().startsWith("250-") && ehlo.getFirst().contains("Hello wire.example.net"), ehlo.toString());
            assertTrue(ehlo.stream().noneMatch(line -> line.contains("STARTTLS")), "not offered twice: " + ehlo);
            assertTrue(smtp.exchange("RCPT TO:<tls@" + domain + ">", "5").getLast().startsWith("503 5.5.1 Need MAIL"),
                    "the injected MAIL was not executed");

            smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
            smtp.exchange("RCPT TO:<tls@" + domain + ">", "250 ");
            smtp.exchange("DATA", "354 ");
            assertTrue(smtp.exchange("Subject: over tls\r\n\r\nsecret\r\n.", "250 ").getLast().startsWith("250 2.0.0"));
        }
        Mailboxes tls = Mailboxes.of("tls@" + domain);
        String raw = tls.raw(tls.awaitInbox(1).getJsonObject(0).getJsonNumber("uid").longValue());
        assertTrue(raw.contains("with ESMTPS id"), raw);
    }

    @Test
    void takesAMessageInChunks() throws Exception {
        String first = "Subject: chunked\r\n\r\n";
        String second = "line with a dot:\r\n.\r\nstill the message\r\n";
        try (RawClient smtp = greeted("127.42.7.4")) {
            smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
            smtp.exchange("RCPT TO:<chunk@" + domain + ">", "250 ");
            smtp.sendRaw("BDAT " + first.length() + "\r\n" + first + "BDAT " + second.length() + " LAST\r\n" + second);
            assertEquals("250 2.0.0 " + first.length() + " octets received", smtp.line());
            assertTrue(smtp.line().startsWith("250 2.0.0 Ok: queued as "));
        }
        Mailboxes chunk = Mailboxes.of("chunk@" + domain);
        String raw = chunk.raw(chunk.awaitInbox(1).getJsonObject(0).getJsonNumber("uid").longValue());
        assertTrue(raw.endsWith(first + second), "BDAT content is taken as sent, with no dot-unstuffing: " + raw);
    }

    @Test
    void aClientThatKeepsErringIsDisconnected() throws Exception {
        try (RawClient smtp = greeted("127.42.7.5")) {
            for (int i = 1; i <= 10; i++) {
                assertTrue(smtp.exchange("BOGUS " + i, "5").getLast().startsWith("500 5.5.1"));
            }
            assertEquals("500 5.5.1 Command unrecognized", smtp.exchange("BOGUS 11", "5").getLast());
            assertEquals("421 4.7.0 Too many errors; closing connection", smtp.line());
            assertNull(smtp.line());
        }
    }

    @Test
    void anAddressHarvesterIsSlowedDownAndDropped() throws Exception {
        admin.expect(200, admin.put("/system/settings",
                "{\"smtp.harvest.slow-down-after\":{\"value\":\"1\"},\"smtp.harvest.drop-after\":{\"value\":\"3\"}}"));
        try (RawClient smtp = greeted("127.42.7.6")) {
            smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
            assertTrue(smtp.exchange("RCPT TO:<guess1@" + domain + ">", "5").getLast().startsWith("550 5.1.1"));
            long start = System.nanoTime();
            assertTrue(smtp.exchange("RCPT TO:<guess2@" + domain + ">", "5").getLast().startsWith("550 5.1.1"));
            assertTrue(System.nanoTime() - start >= 900_000_000L, "the second unknown recipient is answered a second later");
            assertTrue(smtp.exchange("RCPT TO:<guess3@" + domain + ">", "5").getLast().startsWith("550 5.1.1"));
            assertEquals("421 4.7.0 Too many unknown recipients; closing connection", smtp.line());
            assertNull(smtp.line());
        } finally {
            admin.expect(200, admin.put("/system/settings",
                    "{\"smtp.harvest.slow-down-after\":null,\"smtp.harvest.drop-after\":null}"));
        }
    }

    @Test
    void oneAddressGetsNoMoreThanItsShareOfConnections() throws Exception {
        List<RawClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawClient client = RawClient.connect("127.42.7.7", 2525, false);
                held.add(client);
                assertTrue(client.line().startsWith("220 "), "connection " + (i + 1));
            }
            try (RawClient oneTooMany = RawClient.connect("127.42.7.7", 2525, false)) {
                assertEquals("421 4.7.0 Too many connections; try again later", oneTooMany.line());
                assertNull(oneTooMany.line());
            }
            try (RawClient otherAddress = RawClient.connect("127.42.7.8", 2525, false)) {
                assertTrue(otherAddress.line().startsWith("220 "), "other clients are still served");
            }
        } finally {
            for (RawClient client : held) {
                client.close();
            }
        }
        Thread.sleep(500); // the server notices the closed sockets
        try (RawClient again = RawClient.connect("127.42.7.7", 2525, false)) {
            assertTrue(again.line().startsWith("220 "), "served again once its connections are gone");
        }
    }

    @Test
    void aHundredRecipientsAreTakenAndTheNextOneIsDeferred() throws Exception {
        try (RawClient smtp = greeted("127.42.7.9")) {
            smtp.exchange("MAIL FROM:<a@example.net>", "250 ");
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 101; i++) {
                pipelined.append("RCPT TO:<bob@").append(domain).append(">\r\n");
            }
            smtp.sendRaw(pipelined.toString());
            for (int i = 0; i < 100; i++) {
                assertTrue(smtp.line().startsWith("250 2.1.5"), "recipient " + (i + 1));
            }
            assertEquals("452 4.5.3 Too many recipients", smtp.line());
            assertTrue(smtp.exchange("RSET", "250 ").getLast().startsWith("250 "));
        }
    }
}
