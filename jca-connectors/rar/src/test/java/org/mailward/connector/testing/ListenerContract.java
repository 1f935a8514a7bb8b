package org.mailward.connector.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.ConnectionLimits;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

/**
 * The conversation every listener must hold over a real socket, whatever its protocol. Each
 * protocol's test subclasses this in a few lines, naming its commands and replies.
 */
public abstract class ListenerContract {

    protected static final String WELCOME = "mail.example.org Mailward ready";

    protected abstract String listenerName();

    /** The protocol a login request names: {@code imap}, {@code pop3} or {@code smtp}. */
    protected abstract String protocol();

    /** One line the client sends and the lines it expects back. */
    public record Exchange(String send, String... expect) {
    }

    protected abstract Supplier<? extends ProtocolSession> sessions(MessageEndpointFactory factory);

    /** The lines that greet a client welcomed with {@link #WELCOME}, on a connection where logins are (not) allowed. */
    protected abstract String[] greeting(boolean loginAllowed);

    private String[] greeting() {
        return greeting(false);
    }

    /** What leads up to the continuation of a SASL PLAIN login without initial response; the response line comes next. */
    protected abstract List<Exchange> startPlainLogin();

    protected abstract String[] loginSucceeded();

    protected abstract String[] loginBlocked(String reason);

    /** A client trying to log in where logins are not allowed, and the refusals it gets. */
    protected abstract List<Exchange> loginWithoutTls();

    protected abstract String refusal(String reason);

    protected abstract String temporaryFailure();

    protected abstract String noop();

    protected abstract String noopReply();

    protected abstract String quit();

    protected abstract String[] goodbye();

    protected abstract String lineTooLong();

    protected abstract String idleTimeout();

    private ListenerHarness listen(FakeEndpointFactory factory, ConnectionLimits limits) throws IOException {
        return new ListenerHarness(listenerName(), sessions(factory), limits, null);
    }

    private ListenerHarness listen(FakeEndpointFactory factory) throws IOException {
        return listen(factory, ListenerHarness.LIMITS);
    }

    private void expect(TestClient client, String... lines) throws IOException {
        for (String line : lines) {
            assertEquals(line, client.readLine());
        }
    }

    private void converse(TestClient client, List<Exchange> exchanges) throws IOException {
        for (Exchange exchange : exchanges) {
            client.send(exchange.send());
            expect(client, exchange.expect());
        }
    }

    @Test
    void logsInWithSaslPlainOverAContinuation() throws IOException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming(WELCOME, true)
                .answeringLogins(LoginResult.success("alice@example.org"));
        try (ListenerHarness listener = listen(factory); TestClient client = listener.connect()) {
            expect(client, greeting(true));
            converse(client, startPlainLogin());
            client.send(SaslFixtures.plain("alice", "secret"));
            expect(client, loginSucceeded());
            client.send(quit());
            expect(client, goodbye());
        }
        assertEquals(List.of(new LoginRequest(factory.lastConnection, protocol(), "alice", "secret")), factory.logins);
    }

    @Test
    void blockedLoginIsAnsweredAndClosed() throws IOException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming(WELCOME, true)
                .answeringLogins(LoginResult.blocked("Too many failed logins"));
        try (ListenerHarness listener = listen(factory); TestClient client = listener.connect()) {
            expect(client, greeting(true));
            converse(client, startPlainLogin());
            client.send(SaslFixtures.plain("alice", "secret"));
            expect(client, loginBlocked("Too many failed logins"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void neitherOffersNorAcceptsLoginsWithoutTls() throws IOException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming(WELCOME, false)
                .answeringLogins(LoginResult.success("alice@example.org"));
        try (ListenerHarness listener = listen(factory); TestClient client = listener.connect()) {
            expect(client, greeting(false));
            converse(client, loginWithoutTls());
            client.send(quit());
            expect(client, goodbye());
        }
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void greetsThenQuitsAndCloses() throws IOException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming(WELCOME);
        try (ListenerHarness listener = listen(factory); TestClient client = listener.connect()) {
            expect(client, greeting());
            client.send(noop());
            expect(client, noopReply());
            client.send(quit());
            expect(client, goodbye());
            assertTrue(client.closedByServer());
        }
        assertEquals(listenerName(), factory.lastConnection.listener());
        assertEquals(false, factory.lastConnection.tls());
        assertEquals(factory.created.get(), factory.released.get());
    }

    @Test
    void answersAnOverlongLineAndCarriesOn() throws IOException {
        try (ListenerHarness listener = listen(FakeEndpointFactory.welcoming(WELCOME)); TestClient client = listener.connect()) {
            expect(client, greeting());
            client.send(noop() + " " + "x".repeat(10 * ListenerHarness.LIMITS.maxLineLength()));
            expect(client, lineTooLong());
            client.send(noop());
            expect(client, noopReply());
        }
    }

    @Test
    void survivesBinaryGarbage() throws IOException {
        try (ListenerHarness listener = listen(FakeEndpointFactory.welcoming(WELCOME)); TestClient client = listener.connect()) {
            expect(client, greeting());
            client.sendRaw(new byte[] {(byte) 0xFF, 0, (byte) 0x80, 0x1B, '\r', '\n', '\n'});
            assertNotNull(client.readLine());
            assertNotNull(client.readLine());
            client.sendRaw(("\u00e9\u00e9\r\n" + quit() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertNotNull(client.readLine());
            expect(client, goodbye());
        }
    }

    @Test
    void refusedGreetingIsAnsweredAndClosed() throws IOException {
        try (ListenerHarness listener = listen(FakeEndpointFactory.refusing("Blocked by policy")); TestClient client = listener.connect()) {
            expect(client, refusal("Blocked by policy"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void failingBackendIsAnsweredAsTemporaryFailure() throws IOException {
        FakeEndpointFactory factory = FakeEndpointFactory.failing();
        try (ListenerHarness listener = listen(factory); TestClient client = listener.connect()) {
            expect(client, temporaryFailure());
            assertTrue(client.closedByServer());
        }
        assertEquals(1, factory.released.get());
    }

    @Test
    void missingEndpointIsAnsweredAsTemporaryFailure() throws IOException {
        try (ListenerHarness listener = listen(FakeEndpointFactory.unavailable()); TestClient client = listener.connect()) {
            expect(client, temporaryFailure());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void idleClientIsDisconnected() throws IOException {
        ConnectionLimits impatient = new ConnectionLimits(Duration.ofMillis(200), 64);
        try (ListenerHarness listener = listen(FakeEndpointFactory.welcoming(WELCOME), impatient); TestClient client = listener.connect()) {
            expect(client, greeting());
            expect(client, idleTimeout());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void vanishedClientLeavesNothingBehind() throws Exception {
        try (ListenerHarness listener = listen(FakeEndpointFactory.welcoming(WELCOME))) {
            try (TestClient client = listener.connect()) {
                expect(client, greeting());
                client.sendRaw(noop().getBytes(StandardCharsets.US_ASCII)); // and hang up mid-line
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (listener.acceptor.activeConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, listener.acceptor.activeConnections());
            try (TestClient next = listener.connect()) {
                expect(next, greeting());
            }
        }
    }
}
