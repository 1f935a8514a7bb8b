package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

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
        FakeEndpointFactory factory = loggingIn();
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

    @Test
    void compressesBothWaysFromTheOctetAfterTheOk() throws Exception {
        try (ListenerHarness listener = new ListenerHarness("imap", sessions(loggingIn()), ListenerHarness.LIMITS, null);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readLine(in);
            out.write("a LOGIN alice secret\r\nc COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readLine(in).startsWith("a OK "));
            assertEquals("c OK DEFLATE active", readLine(in));

            InputStream inflated = new InflaterInputStream(in, new Inflater(true));
            OutputStream deflated = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
            sendLine(deflated, "n NOOP");
            assertEquals("n OK NOOP completed", readLine(inflated));
            sendLine(deflated, "l LOGOUT");
            assertEquals("* BYE Mailward IMAP server logging out", readLine(inflated));
            assertEquals("l OK LOGOUT completed", readLine(inflated));
        }
    }

    @Test
    void whatTheClientCompressedBeforeTheOkIsInflatedToo() throws Exception {
        try (ListenerHarness listener = new ListenerHarness("imap", sessions(loggingIn()), ListenerHarness.LIMITS, null);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            readLine(in);
            ByteArrayOutputStream early = new ByteArrayOutputStream();
            early.write("a LOGIN alice secret\r\nc COMPRESS DEFLATE\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream deflated = new DeflaterOutputStream(early, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
            sendLine(deflated, "n NOOP");
            socket.getOutputStream().write(early.toByteArray()); // in one piece, without waiting for the OK

            assertTrue(readLine(in).startsWith("a OK "));
            assertEquals("c OK DEFLATE active", readLine(in));
            assertEquals("n OK NOOP completed", readLine(new InflaterInputStream(in, new Inflater(true))));
        }
    }

    private static FakeEndpointFactory loggingIn() {
        return FakeEndpointFactory.welcoming(WELCOME, true).answeringLogins(LoginResult.success("alice@example.org"));
    }

    /** Octet by octet, so that nothing after the line is taken from the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("after " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).replaceFirst("\r$", "");
    }

    private static void sendLine(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
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
        return new String[] {"* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR " + (loginAllowed ? "AUTH=PLAIN" : "LOGINDISABLED") + "] " + WELCOME};
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
        return "a1 BAD Line too long"; // the refused command's own tag, which the line's beginning gives
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
        return new String[] {"a1 OK [CAPABILITY " + ImapTestSessions.AUTHENTICATED_CAPABILITIES + " COMPRESS=DEFLATE] AUTHENTICATE completed"};
    }

    @Override
    protected String[] loginBlocked(String reason) {
        return new String[] {"* BYE " + reason, "a1 NO " + reason};
    }

    @Override
    protected List<Exchange> loginWithoutTls() {
        return List.of(
                new Exchange("c1 CAPABILITY", "* CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR LOGINDISABLED", "c1 OK CAPABILITY completed"),
                new Exchange("a1 LOGIN alice secret", "a1 NO [PRIVACYREQUIRED] Login requires a TLS connection"),
                // Refused before any continuation: the client is never left waiting.
                new Exchange("a2 AUTHENTICATE PLAIN", "a2 NO [PRIVACYREQUIRED] Login requires a TLS connection"));
    }
}
