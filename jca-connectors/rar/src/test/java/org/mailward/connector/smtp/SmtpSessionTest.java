package org.mailward.connector.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.testing.SaslFixtures.base64;
import static org.mailward.connector.testing.SaslFixtures.plain;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class SmtpSessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("submission",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2587), false);
    private static final ConnectionInfo TLS_CLIENT = new ConnectionInfo("smtps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2465), true);
    static final String[] EXTENSIONS = {"PIPELINING", "SIZE 1000000", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "DSN", "CHUNKING"};
    private static final Reply EHLO_WITH_AUTH = ehlo("mx", "c", "AUTH PLAIN LOGIN");
    private static final Reply EHLO_WITHOUT_AUTH = ehlo("mx", "c");
    private static final Reply SUCCESS = Reply.of("235 2.7.0 Authentication successful");

    private static SmtpSession session(FakeEndpointFactory factory) {
        return new SmtpSession(new EndpointInvoker<>(factory, SmtpBackend.class), false);
    }

    /** The EHLO reply listing the standard extensions and then {@code more}. */
    static Reply ehlo(String server, String client, String... more) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(server + " Hello " + client);
        lines.addAll(List.of(EXTENSIONS));
        lines.addAll(List.of(more));
        List<String> reply = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            reply.add((i < lines.size() - 1 ? "250-" : "250 ") + lines.get(i));
        }
        return new Reply(reply, false);
    }

    /** A session on a TLS connection after EHLO, whose logins the backend answers with {@code result}. */
    private static SmtpSession afterEhlo(FakeEndpointFactory factory, LoginResult result) throws BackendUnavailableException {
        SmtpSession session = session(factory.answeringLogins(result));
        session.open(TLS_CLIENT);
        assertEquals(EHLO_WITH_AUTH, session.handle("EHLO c"));
        return session;
    }

    @Test
    void parsesVerbsCaseInsensitively() {
        assertEquals(new SmtpCommand.Hello(true, "client.example.net"), SmtpCommand.parse("ehlo client.example.net"));
        assertEquals(new SmtpCommand.Hello(false, ""), SmtpCommand.parse("HeLo"));
        assertEquals(new SmtpCommand.Quit(), SmtpCommand.parse("quit"));
        assertEquals(new SmtpCommand.Noop(), SmtpCommand.parse("NOOP anything"));
        assertEquals(new SmtpCommand.Reset(), SmtpCommand.parse("RSET"));
        assertEquals(new SmtpCommand.Empty(), SmtpCommand.parse(" \t "));
        assertEquals(new SmtpCommand.Unknown("TURN"), SmtpCommand.parse("TURN"));
    }

    @Test
    void parsesAuth() {
        assertEquals(new SmtpCommand.Auth("PLAIN", null), SmtpCommand.parse("AUTH PLAIN"));
        assertEquals(new SmtpCommand.Auth("login", "YWxpY2U="), SmtpCommand.parse("auth login  YWxpY2U= "));
        assertEquals(new SmtpCommand.Auth("PLAIN", "="), SmtpCommand.parse("AUTH PLAIN ="));
        assertEquals(new SmtpCommand.BadArguments("AUTH"), SmtpCommand.parse("AUTH"));
        assertFalse(SmtpCommand.parse("AUTH PLAIN AGFsaWNlAHNlY3JldA==").toString().contains("AGFsaWNl"));
        assertEquals(new SmtpCommand.BadArguments("AUTH"), SmtpCommand.parse("AUTH PLAIN a b"));
    }

    @Test
    void greetsAndNamesItselfFromTheGreeting() throws BackendUnavailableException {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mail.example.org Mailward ESMTP ready"));

        assertEquals(Reply.of("220 mail.example.org Mailward ESMTP ready"), session.open(CLIENT));
        assertEquals(ehlo("mail.example.org", "client.example.net"), session.handle("EHLO client.example.net"));
        assertEquals(Reply.of("250 mail.example.org Hello client.example.net"), session.handle("helo client.example.net"));
    }

    @Test
    void callsItselfLocalhostWhenTheGreetingIsEmpty() throws BackendUnavailableException {
        SmtpSession session = session(FakeEndpointFactory.welcoming(""));
        session.open(CLIENT);

        assertEquals(Reply.of("250 localhost Hello x"), session.handle("HELO x"));
    }

    @Test
    void refusesWith554AndCloses() throws BackendUnavailableException {
        assertEquals(Reply.closing("554 5.7.1 Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void advertisesAuthOnlyWhereLoginsAreAllowed() throws BackendUnavailableException {
        SmtpSession plaintext = session(FakeEndpointFactory.welcoming("mx", false));
        plaintext.open(CLIENT);
        SmtpSession allowed = session(FakeEndpointFactory.welcoming("mx", true));
        allowed.open(CLIENT);
        SmtpSession tls = session(FakeEndpointFactory.welcoming("mx", false));
        tls.open(TLS_CLIENT);

        assertEquals(EHLO_WITHOUT_AUTH, plaintext.handle("EHLO c"));
        assertEquals(EHLO_WITH_AUTH, allowed.handle("EHLO c"));
        assertEquals(EHLO_WITH_AUTH, tls.handle("EHLO c"));
    }

    @Test
    void refusesAuthWithoutTls() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx", false);
        SmtpSession session = session(factory);
        session.open(CLIENT);
        session.handle("EHLO c");

        assertEquals(Reply.of("538 5.7.11 Encryption required for requested authentication mechanism"),
                session.handle("AUTH PLAIN " + plain("alice", "secret")));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void authNeedsEhloFirst() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = session(factory);
        session.open(TLS_CLIENT);

        assertEquals(Reply.of("503 5.5.1 Send EHLO first"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
        session.handle("HELO c");
        assertEquals(Reply.of("503 5.5.1 Send EHLO first"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void authPlainWithAnInitialResponseSucceedsOnce() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        assertEquals(SUCCESS, session.handle("AUTH PLAIN " + plain("alice", "secret")));

        assertEquals(List.of(new LoginRequest(TLS_CLIENT, "smtp", "alice", "secret")), factory.logins);
        assertEquals(Reply.of("503 5.5.1 Already authenticated"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
        assertEquals(EHLO_WITHOUT_AUTH, session.handle("EHLO c"));
        assertEquals(Reply.of("503 5.5.1 Already authenticated"), session.handle("AUTH LOGIN"));
        assertEquals(1, factory.logins.size());
    }

    @Test
    void authPlainOverAContinuation() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("334 "), session.handle("auth plain"));
        assertEquals(SUCCESS, session.handle(plain("alice", "secret")));
        assertEquals(List.of(new LoginRequest(TLS_CLIENT, "smtp", "alice", "secret")), factory.logins);
    }

    @Test
    void authLoginAsksForUsernameAndPassword() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("334 VXNlcm5hbWU6"), session.handle("AUTH LOGIN"));
        assertEquals(Reply.of("334 UGFzc3dvcmQ6"), session.handle(base64("alice")));
        assertEquals(SUCCESS, session.handle(base64("secret")));
        assertEquals(List.of(new LoginRequest(TLS_CLIENT, "smtp", "alice", "secret")), factory.logins);
    }

    @Test
    void authLoginTakesTheUsernameAsInitialResponse() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("334 UGFzc3dvcmQ6"), session.handle("AUTH LOGIN " + base64("alice")));
        assertEquals(SUCCESS, session.handle(base64("secret")));
    }

    @Test
    void aFailedLoginMayBeRetried() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.failed("Invalid credentials"));

        assertEquals(Reply.of("535 5.7.8 Invalid credentials"), session.handle("AUTH PLAIN " + plain("alice", "wrong")));

        factory.answeringLogins(LoginResult.success("alice@example.org"));
        assertEquals(SUCCESS, session.handle("AUTH PLAIN " + plain("alice", "secret")));
    }

    @Test
    void anUnavailableIdentityProviderIsATemporaryFailure() throws BackendUnavailableException {
        SmtpSession session = afterEhlo(FakeEndpointFactory.welcoming("mx"), LoginResult.unavailable("Try again later"));

        assertEquals(Reply.of("454 4.7.0 Try again later"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
    }

    @Test
    void aBlockedLoginIsAnsweredAndClosed() throws BackendUnavailableException {
        SmtpSession session = afterEhlo(FakeEndpointFactory.welcoming("mx"), LoginResult.blocked("Too many failed logins"));

        session.handle("AUTH LOGIN");
        session.handle(base64("alice"));
        assertEquals(Reply.closing("421 4.7.0 Too many failed logins"), session.handle(base64("secret")));
    }

    @Test
    void aStarCancelsTheExchange() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        session.handle("AUTH LOGIN");
        session.handle(base64("alice"));
        assertEquals(Reply.of("501 5.0.0 Authentication cancelled"), session.handle("*"));
        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("NOOP"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void badBase64AndBadCredentialsAreRejected() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx");
        SmtpSession session = afterEhlo(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("501 5.5.2 Cannot Base64-decode client response"), session.handle("AUTH PLAIN !!!!"));
        assertEquals(Reply.of("334 "), session.handle("AUTH PLAIN"));
        assertEquals(Reply.of("501 5.5.2 Cannot Base64-decode client response"), session.handle("MAIL FROM:<a@example.org>"));
        assertEquals(Reply.of("535 5.7.8 Authentication credentials invalid"), session.handle("AUTH PLAIN ="));
        assertEquals(Reply.of("535 5.7.8 Proxy authorization is not supported"),
                session.handle("AUTH PLAIN " + plain("admin", "alice", "secret")));
        assertEquals(Reply.of("504 5.5.4 Unrecognized authentication type"), session.handle("AUTH CRAM-MD5"));
        assertEquals(Reply.of("501 5.5.4 Syntax error in AUTH arguments"), session.handle("AUTH"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void anOverlongResponseEndsTheExchange() throws BackendUnavailableException {
        SmtpSession session = afterEhlo(FakeEndpointFactory.welcoming("mx"), LoginResult.success("alice@example.org"));

        session.handle("AUTH PLAIN");

        assertEquals(Reply.of("500 5.5.6 Authentication Exchange line is too long"), session.lineTooLong());
        assertEquals(Reply.of("500 5.5.2 Line too long"), session.lineTooLong());
        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("NOOP"));
    }

    @Test
    void answersEachCommand() throws BackendUnavailableException {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mx"));

        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("NOOP"));
        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("rset"));
        assertEquals(Reply.of("500 5.5.2 Syntax error: empty command"), session.handle(""));
        assertEquals(Reply.of("500 5.5.1 Command unrecognized"), session.handle("TURN"));
        assertEquals(Reply.of("503 5.5.1 Need MAIL before DATA"), session.handle("DATA"));
        assertEquals(Reply.of("252 2.5.2 Cannot VRFY user; try RCPT to attempt delivery"), session.handle("VRFY bob"));
        assertEquals(Reply.closing("221 2.0.0 localhost closing connection"), session.handle("Quit"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mx"));

        assertEquals(Reply.of("500 5.5.2 Line too long"), session.lineTooLong());
        assertEquals("421 4.4.2 localhost Timeout; closing connection", session.idleTimeout());
        assertEquals("421 4.3.2 Try later", session.temporaryFailure("Try later"));
    }
}
