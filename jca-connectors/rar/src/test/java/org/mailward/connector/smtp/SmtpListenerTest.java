package org.mailward.connector.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.ConnectionLimits;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.testing.FakeEndpointFactory;
import org.mailward.connector.testing.ListenerContract;
import org.mailward.connector.testing.ListenerHarness;
import org.mailward.connector.testing.TestClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpListenerTest extends ListenerContract {

    @Override
    protected String protocol() {
        return "smtp";
    }

    @Override
    protected String listenerName() {
        return "submission";
    }

    @Override
    protected Supplier<SmtpSession> sessions(MessageEndpointFactory factory) {
        EndpointInvoker<SmtpBackend> backend = new EndpointInvoker<>(factory, SmtpBackend.class);
        return () -> new SmtpSession(backend, false);
    }

    @Override
    protected String[] greeting(boolean loginAllowed) {
        return new String[] {"220 " + WELCOME};
    }

    @Override
    protected String refusal(String reason) {
        return "554 5.7.1 " + reason;
    }

    @Override
    protected String temporaryFailure() {
        return "421 4.3.2 Service temporarily unavailable";
    }

    @Override
    protected String noop() {
        return "NOOP";
    }

    @Override
    protected String noopReply() {
        return "250 2.0.0 OK";
    }

    @Override
    protected String quit() {
        return "QUIT";
    }

    @Override
    protected String[] goodbye() {
        return new String[] {"221 2.0.0 mail.example.org closing connection"};
    }

    @Override
    protected String lineTooLong() {
        return "500 5.5.2 Line too long";
    }

    @Override
    protected String idleTimeout() {
        return "421 4.4.2 mail.example.org Timeout; closing connection";
    }

    @Override
    protected List<Exchange> startPlainLogin() {
        return List.of(
                new Exchange("EHLO client.example.net", ehlo("AUTH PLAIN LOGIN")),
                new Exchange("AUTH PLAIN", "334 "));
    }

    private static String[] ehlo(String... more) {
        return SmtpSessionTest.ehlo("mail.example.org", "client.example.net", more).lines().toArray(String[]::new);
    }

    @Override
    protected String[] loginSucceeded() {
        return new String[] {"235 2.7.0 Authentication successful"};
    }

    @Override
    protected String[] loginBlocked(String reason) {
        return new String[] {"421 4.7.0 " + reason};
    }

    @Override
    protected List<Exchange> loginWithoutTls() {
        return List.of(
                new Exchange("EHLO client.example.net", ehlo()),
                new Exchange("AUTH PLAIN", "538 5.7.11 Encryption required for requested authentication mechanism"));
    }

    private ListenerHarness listen(FakeEndpointFactory factory, ConnectionLimits limits) throws IOException {
        return new ListenerHarness(listenerName(), sessions(factory), limits, null);
    }

    private static void readUntil(TestClient client, String prefix) throws IOException {
        String line;
        do {
            line = client.readLine();
        } while (line != null && !line.startsWith(prefix));
        assertNotNull(line, "expected a line starting with " + prefix);
    }

    @Test
    void takesAMessageOverTheSocketAndGoesOnWithTheNextCommand() throws IOException {
        FakeEndpointFactory backend = FakeEndpointFactory.welcoming(WELCOME);
        try (ListenerHarness listener = listen(backend, ListenerHarness.LIMITS); TestClient client = listener.connect()) {
            readUntil(client, "220 ");
            client.send("EHLO client.example.net");
            readUntil(client, "250 ");
            client.sendRaw("MAIL FROM:<a@example.net>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.1.0 Sender OK", client.readLine());
            assertEquals("250 2.1.5 Recipient OK", client.readLine());
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", client.readLine());
            client.sendRaw(("Subject: s\r\n\r\n" + "a line longer than the command limit ".repeat(10) + "\r\n.\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.0.0 Queued as 1", client.readLine());
            assertEquals("250 2.0.0 OK", client.readLine());
        }
        assertEquals(List.of("Subject: s\r\n\r\n" + "a line longer than the command limit ".repeat(10) + "\r\n"), backend.delivered);
    }

    @Test
    void aClientThatStallsInsideTheDataIsDisconnected() throws IOException {
        ConnectionLimits impatientWithData = new ConnectionLimits(Duration.ofSeconds(5), Duration.ofMillis(200), 64, 10, 10);
        FakeEndpointFactory backend = FakeEndpointFactory.welcoming(WELCOME);
        try (ListenerHarness listener = listen(backend, impatientWithData); TestClient client = listener.connect()) {
            readUntil(client, "220 ");
            client.send("HELO client.example.net");
            readUntil(client, "250 ");
            client.send("MAIL FROM:<a@example.net>");
            client.send("RCPT TO:<b@example.org>");
            client.send("DATA");
            readUntil(client, "354 ");
            client.send("Subject: and then nothing more");
            assertEquals("421 4.4.2 mail.example.org Timeout; closing connection", client.readLine());
            assertTrue(client.closedByServer());
        }
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void aClientLeavingInsideALargeMessageLeavesNoTemporaryFileBehind() throws Exception {
        FakeEndpointFactory backend = FakeEndpointFactory.welcoming(WELCOME);
        Set<Path> before = temporaryMessages();
        try (ListenerHarness listener = listen(backend, ListenerHarness.LIMITS)) {
            try (TestClient client = listener.connect()) {
                readUntil(client, "220 ");
                client.sendRaw("HELO client.example.net\r\nMAIL FROM:<a@example.net>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                readUntil(client, "354 ");
                // More than the buffer keeps in memory, so it spills to a file; then the client goes.
                client.sendRaw(("x".repeat(998) + "\r\n").repeat(400).getBytes(StandardCharsets.US_ASCII));
                assertTrue(waitFor(() -> !difference(temporaryMessages(), before).isEmpty()), "the message spilled to a temporary file");
            }
            assertTrue(waitFor(() -> difference(temporaryMessages(), before).isEmpty()), "temporary file left: "
                    + difference(temporaryMessages(), before));
        }
        assertTrue(backend.delivered.isEmpty());
    }

    private static Set<Path> temporaryMessages() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("mailward-message-")).collect(Collectors.toSet());
        }
    }

    private static Set<Path> difference(Set<Path> now, Set<Path> before) {
        Set<Path> added = new HashSet<>(now);
        added.removeAll(before);
        return added;
    }

    private static boolean waitFor(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void turnsAwayConnectionsOverTheTotalCapWithAReason() throws IOException {
        // Two in all, ten per address: the third connection is over the total.
        ConnectionLimits two = new ConnectionLimits(Duration.ofSeconds(5), Duration.ofSeconds(5), 64, 2, 10);
        try (ListenerHarness listener = listen(FakeEndpointFactory.welcoming(WELCOME), two);
             TestClient first = listener.connect(); TestClient second = listener.connect()) {
            readUntil(first, "220 ");
            readUntil(second, "220 ");
            try (TestClient third = listener.connect()) {
                assertEquals("421 4.7.0 Too many connections; try again later", third.readLine());
                assertTrue(third.closedByServer());
            }
        }
    }
}
