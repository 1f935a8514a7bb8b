package org.mailward.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.apache.commons.net.smtp.SMTPClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail that cannot be delivered is neither lost nor half delivered: it is retried with back-off,
 * shown RETRYING with its last error in the system administrator's spool view meanwhile, and after
 * the last attempt (mailward.delivery.attempts) it waits in mail.dlq, shown DEAD with its envelope,
 * attempts and last error, while everyone else's mail goes on.
 */
class DeadLetterIT {

    private static final String SENDER = "ivan@example.net";

    @Test
    void aMessageThatCannotBeDeliveredWaitsDeadInTheSpoolAndNobodyGetsHalfOfIt() throws Exception {
        ApiClient admin = ApiClient.asAdministrator();
        String home = TestDomains.create(admin, "dead-home", "");
        String blocked = TestDomains.create(admin, "dead-blocked", "");
        TestDomains.createAccount(admin, home, "gina", "user");
        TestDomains.createAccount(admin, blocked, "hank", "user");
        String gina = "gina@" + home;
        String hank = "hank@" + blocked;
        // The body is stored under the first recipient's domain and linked into the second one's
        // tree at delivery: a plain file where that tree belongs makes every attempt fail.
        Path blockedTree = ItEnvironment.dataDirectory().resolve("blobs").resolve(blocked);
        Files.writeString(blockedTree, "in the way");
        try {
            send("Undeliverable", gina, hank);

            List<JsonObject> seen = watchUntilDead(admin, gina, deadline());
            JsonObject dead = seen.get(seen.size() - 1);
            String why = "Cannot link a message into the blobs of " + blocked;
            assertTrue(seen.stream().anyMatch(item -> item.getString("state").equals("RETRYING")
                            && item.getInt("attempts") >= 1 && item.getString("lastError").contains(why)),
                    "between attempts it is listed as waiting for a retry, with the reason: " + seen);
            assertEquals(settings().attempts(), dead.getInt("attempts"), dead.toString());
            assertTrue(dead.getString("lastError").contains(why), dead.toString());
            assertEquals("INBOUND", dead.getString("direction"));
            assertEquals(SENDER, dead.getString("sender"));
            assertEquals(List.of(gina, hank), dead.getJsonArray("recipients").getValuesAs(JsonString::getString));
            assertEquals("127.0.0.1", dead.getString("client"));
            assertTrue(dead.getJsonNumber("size").longValue() > 0, dead.toString());
            assertEquals(0, Mailboxes.of(gina).messages("INBOX").size(), "the recipient who could have had it got nothing");

            send("Deliverable", gina);
            JsonObject delivered = Mailboxes.of(gina).awaitInbox(1).getJsonObject(0);
            assertEquals("Deliverable", delivered.getJsonObject("summary").getString("subject"),
                    "the dead letter holds up no other mail");
        } finally {
            Files.deleteIfExists(blockedTree);
        }
    }

    private static void send(String subject, String... recipients) throws IOException {
        SMTPClient smtp = new SMTPClient();
        smtp.setDefaultTimeout(15_000);
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            assertTrue(smtp.login("sender.example.net"), smtp.getReplyString());
            String message = "From: " + SENDER + "\r\nTo: " + String.join(", ", recipients) + "\r\nSubject: " + subject
                    + "\r\nMessage-ID: <" + subject.toLowerCase() + "." + System.nanoTime() + "@example.net>\r\n\r\nHello\r\n";
            assertTrue(smtp.sendSimpleMessage(SENDER, recipients, message), smtp.getReplyString());
            assertEquals(250, smtp.getReplyCode(), "accepted: " + smtp.getReplyString());
        } finally {
            smtp.quit();
            smtp.disconnect();
        }
    }

    /** The recipient's inbound item in the spool view at each look, until it is DEAD (the last one). */
    private static List<JsonObject> watchUntilDead(ApiClient admin, String recipient, Instant deadline)
            throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            Optional<JsonObject> item = admin.expect(200, admin.get("/system/spool?limit=500")).getJsonArray("items").stream()
                    .map(JsonObject.class::cast)
                    .filter(spooled -> spooled.getString("direction").equals("INBOUND"))
                    .filter(spooled -> spooled.getJsonArray("recipients").getValuesAs(JsonString::getString).contains(recipient))
                    .findFirst();
            item.ifPresent(seen::add);
            if (item.isPresent() && item.get().getString("state").equals("DEAD")) {
                return seen;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no dead letter for " + recipient + " in the spool; seen: " + seen);
            }
            Thread.sleep(100);
        }
    }

    private record Retries(int attempts, long firstDelayMillis) {
    }

    /** The server's retries, as its data directory configures them (README). */
    private static Retries settings() throws IOException {
        Properties settings = new Properties();
        Path file = ItEnvironment.dataDirectory().resolve("mailward.properties");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                settings.load(in);
            }
        }
        return new Retries(Integer.parseInt(settings.getProperty("mailward.delivery.attempts", "10")),
                Long.parseLong(settings.getProperty("mailward.delivery.retry-delay-ms", "1000")));
    }

    /** Long enough for every attempt the server makes. */
    private static Instant deadline() throws IOException {
        Retries retries = settings();
        long delay = retries.firstDelayMillis();
        long waits = 0;
        for (int retry = 1; retry < retries.attempts(); retry++, delay *= 2) {
            waits += Math.min(delay, Duration.ofMinutes(5).toMillis());
        }
        return Instant.now().plusMillis(waits).plusSeconds(30);
    }
}
