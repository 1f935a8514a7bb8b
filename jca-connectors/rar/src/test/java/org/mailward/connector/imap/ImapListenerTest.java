package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.ConnectionLimits;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.MailboxLimits;
import org.mailward.connector.testing.FakeEndpointFactory;
import org.mailward.connector.testing.ListenerContract;
import org.mailward.connector.testing.ListenerHarness;
import org.mailward.connector.testing.TestClient;

class ImapListenerTest extends ListenerContract {

    @Test
    void aLoggedInClientIsAllowedTheCommandTimeoutNotTheListenersIdleTimeout() throws Exception {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming(WELCOME, true).answeringLogins(LoginResult.success("alice@example.org"));
        MailboxLimits defaults = factory.mailboxLimits;
        factory.mailboxLimits = new MailboxLimits(defaults.maxBadCommands(), defaults.maxConnections(),
                defaults.maxConnectionsPerAddress(), defaults.maxConnectionsPerAccount(), defaults.maxLiteralBytes(),
                defaults.maxCommandBytes(), defaults.maxAppendBytes(), Duration.ofMillis(800), defaults.idleTimeout());
        ConnectionLimits impatient = new ConnectionLimits(Duration.ofMillis(200), 1000);
        try (ListenerHarness listener = new ListenerHarness("imap", sessions(factory), impatient, null);
             TestClient client = listener.connect()) {
            client.readLine();
            client.send("a LOGIN alice secret");
            assertTrue(client.readLine().startsWith("a OK "));
            Thread.sleep(400);
            client.send("b NOOP");
            assertEquals("b OK NOOP completed", client.readLine(), "silent for longer than the listener's idle timeout");
            long silentSince = System.nanoTime();
            assertEquals("* BYE Idle timeout", client.readLine());
            assertTrue(System.nanoTime() - silentSince >= Duration.ofMillis(700).toNanos());
            assertTrue(client.closedByServer());
        }
    }

    @Override
    protected String protocol() {
        return "imap";
    }

    @Override
    protected String listenerName() {
        return "imap";
    }

    @Override
    protected Supplier<ImapSession> sessions(MessageEndpointFactory factory) {
        EndpointInvoker<MailboxBackend> backend = new EndpointInvoker<>(factory, MailboxBackend.class);
        return () -> new ImapSession(backend);
    }

    @Override
    protected String[] greeting(boolean loginAllowed) {
        return new String[] {"* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE SASL-IR " + (loginAllowed ? "AUTH=PLAIN" : "LOGINDISABLED") + "] " + WELCOME};
    }

    @Override
    protected String refusal(String reason) {
        return "* BYE " + reason;
    }

    @Override
    protected String temporaryFailure() {
        return "* BYE Service temporarily unavailable";
    }

    @Override
    protected String noop() {
        return "a1 NOOP";
    }

    @Override
    protected String noopReply() {
        return "a1 OK NOOP completed";
    }

    @Override
    protected String quit() {
        return "a2 LOGOUT";
    }

    @Override
    protected String[] goodbye() {
        return new String[] {"* BYE Mailward IMAP server logging out", "a2 OK LOGOUT completed"};
    }

    @Override
    protected String lineTooLong() {
        return "* BAD Line too long";
    }

    @Override
    protected String idleTimeout() {
        return "* BYE Idle timeout";
    }

    @Override
    protected List<Exchange> startPlainLogin() {
        return List.of(new Exchange("a1 AUTHENTICATE PLAIN", "+ "));
    }

    @Override
    protected String[] loginSucceeded() {
        return new String[] {"a1 OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN SPECIAL-USE STATUS=SIZE UIDPLUS MOVE APPENDLIMIT=52428800] AUTHENTICATE completed"};
    }

    @Override
    protected String[] loginBlocked(String reason) {
        return new String[] {"* BYE " + reason, "a1 NO " + reason};
    }

    @Override
    protected List<Exchange> loginWithoutTls() {
        return List.of(
                new Exchange("c1 CAPABILITY", "* CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE SASL-IR LOGINDISABLED", "c1 OK CAPABILITY completed"),
                new Exchange("a1 LOGIN alice secret", "a1 NO [PRIVACYREQUIRED] Login requires a TLS connection"),
                // Refused before any continuation: the client is never left waiting.
                new Exchange("a2 AUTHENTICATE PLAIN", "a2 NO [PRIVACYREQUIRED] Login requires a TLS connection"));
    }
}
