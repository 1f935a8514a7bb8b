package org.mailward.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two halves around a kill -9 of WildFly, run by ./mailward test as separate Failsafe runs, on
 * PostgreSQL and on H2.
 * <p>
 * {@link #beforeTheCrash} sends a burst of probes (each acknowledged with 201) and a burst of SMTP
 * messages on parallel connections, while one more connection stops halfway through a message's
 * data. Right after the last {@code 250} it kills WildFly itself (when told its pid), so that
 * deliveries are still in flight; the launcher then starts it again with ./mailward run on the
 * same data. {@link #afterTheRestart} finds every acknowledged probe consumed and every
 * acknowledged message in the mailbox exactly once, and the half message nowhere.
 */
@Tag("crash")
class CrashRecoveryIT {

    private static final int BURST = 30;
    private static final int SENDERS = 4;
    private static final int MESSAGES_PER_SENDER = 15;
    private static final String HALF_MESSAGE_ID = "<half-message@crash.test>";
    // Narayana resolves an in-doubt two-phase commit on its periodic recovery pass (every 2 minutes).
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    @Test
    void beforeTheCrash() throws Exception {
        ProbeClient probes = ProbeClient.asAdministrator();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            HttpResponse<String> sent = probes.send();
            assertEquals(201, sent.statusCode(), sent.body());
            acknowledged.add(ItEnvironment.json(sent.body()).getString("id"));
        }
        Files.write(noteFile("probes"), acknowledged);

        ApiClient admin = ApiClient.asAdministrator();
        String domain = TestDomains.create(admin, "crash", "");
        TestDomains.createAccount(admin, domain, "victim", "user");
        String recipient = "victim@" + domain;
        Files.writeString(noteFile("recipient"), recipient);

        try (RawClient half = RawClient.connect("127.42.9.1", 2525, false)) {
            startHalfMessage(half, recipient);
            List<String> delivered = Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    int sender = s;
                    running.add(senders.submit(() -> send(sender, recipient, delivered)));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            // Every 250 is in: kill at once, with the inbound queue still busy.
            Files.write(noteFile("messages"), delivered);
            killWildFly();
        }
    }

    @Test
    void afterTheRestart() throws Exception {
        ProbeClient probes = ProbeClient.asAdministrator();
        for (String id : Files.readAllLines(noteFile("probes"))) {
            probes.awaitReceived(id, RECOVERY);
        }

        List<String> acknowledged = Files.readAllLines(noteFile("messages"));
        assertEquals(SENDERS * MESSAGES_PER_SENDER, acknowledged.size());
        String recipient = Files.readString(noteFile("recipient"));
        Mailboxes victim = Mailboxes.of(recipient);
        Instant deadline = Instant.now().plus(RECOVERY);
        Map<String, Long> inMailbox = messageIds(victim);
        while (inMailbox.values().stream().mapToLong(Long::longValue).sum() < acknowledged.size() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            inMailbox = messageIds(victim);
        }
        for (String id : acknowledged) {
            assertEquals(1L, inMailbox.getOrDefault(id, 0L), "acknowledged message " + id + " delivered exactly once");
        }
        assertFalse(inMailbox.containsKey(HALF_MESSAGE_ID), "a message cut off by the crash was never acknowledged and is not delivered");
        assertEquals(acknowledged.size(), inMailbox.values().stream().mapToLong(Long::longValue).sum(), "nothing else arrived");

        ApiClient admin = ApiClient.asAdministrator();
        long inbound = inboundSpooled(admin, recipient);
        while (inbound > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            inbound = inboundSpooled(admin, recipient);
        }
        assertEquals(0, inbound, "nothing dead, nothing waiting, being delivered or retried in the inbound spool");

        HttpResponse<String> health = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.WEB + "/health")).build());
        assertEquals(200, health.statusCode(), health.body());

        assertEquals(List.of(ItEnvironment.adminUser()), KeycloakUsers.withRole("system-admin"),
                "still exactly one system administrator after the restart");
    }

    /** Inbound messages to the recipient in any state (DeadLetterIT leaves one of its own dead). */
    private static long inboundSpooled(ApiClient admin, String recipient) {
        return admin.expect(200, admin.get("/system/spool?limit=500")).getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(item -> item.getString("direction").equals("INBOUND"))
                .filter(item -> item.getJsonArray("recipients").getValuesAs(JsonString::getString).contains(recipient))
                .count();
    }

    private static void startHalfMessage(RawClient smtp, String recipient) throws IOException {
        assertTrue(smtp.line().startsWith("220 "));
        smtp.exchange("EHLO crash.test", "250 ");
        smtp.exchange("MAIL FROM:<half@crash.test>", "250 ");
        smtp.exchange("RCPT TO:<" + recipient + ">", "250 ");
        smtp.exchange("DATA", "354 ");
        smtp.sendRaw("Message-ID: " + HALF_MESSAGE_ID + "\r\nSubject: never finished\r\n\r\nthe first half\r\n");
    }

    private static Void send(int sender, String recipient, List<String> delivered) throws IOException {
        try (RawClient smtp = RawClient.connect("127.42.9." + (10 + sender), 2525, false)) {
            assertTrue(smtp.line().startsWith("220 "));
            smtp.exchange("EHLO crash.test", "250 ");
            for (int i = 0; i < MESSAGES_PER_SENDER; i++) {
                String messageId = "<crash-" + sender + "-" + i + "-" + System.nanoTime() + "@crash.test>";
                smtp.sendRaw("MAIL FROM:<load@crash.test>\r\nRCPT TO:<" + recipient + ">\r\nDATA\r\n");
                assertTrue(smtp.line().startsWith("250 "));
                assertTrue(smtp.line().startsWith("250 "));
                assertTrue(smtp.line().startsWith("354 "));
                String reply = smtp.exchange("Message-ID: " + messageId + "\r\nSubject: crash " + i + "\r\n\r\n"
                        + "x".repeat(200) + "\r\n.", "2").getLast();
                assertTrue(reply.startsWith("250 2.0.0"), reply);
                delivered.add(messageId);
            }
        }
        return null;
    }

    private static Map<String, Long> messageIds(Mailboxes mailbox) {
        return mailbox.messages("INBOX").stream().map(JsonObject.class::cast)
                .map(message -> message.getJsonObject("summary").getString("messageId", ""))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** SIGKILL for the server's JVM when the launcher passed its pid; otherwise the launcher kills it next. */
    private static void killWildFly() throws InterruptedException {
        String pid = System.getProperty("mailward.it.wildfly-pid", "");
        if (pid.isBlank()) {
            return;
        }
        ProcessHandle server = ProcessHandle.of(Long.parseLong(pid.strip()))
                .orElseThrow(() -> new AssertionError("no WildFly process " + pid));
        server.destroyForcibly();
        Instant deadline = Instant.now().plusSeconds(30);
        while (server.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private static Path noteFile(String what) {
        return ItEnvironment.dataDirectory().resolve("crash-recovery-it-" + what + ".txt");
    }
}
