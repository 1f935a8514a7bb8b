package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class ImapSessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("imaps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2993), true);
    private static final ConnectionInfo PLAINTEXT_CLIENT = new ConnectionInfo("imap",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2143), false);
    private static final String WELCOMED = "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] Ready";
    private static final String LOGGED_IN = " OK [CAPABILITY IMAP4rev1] ";

    private static ImapSession session(FakeEndpointFactory factory) {
        return new ImapSession(new EndpointInvoker<>(factory, MailboxBackend.class));
    }

    /** A session on a TLS connection, greeted, whose logins the backend answers with {@code result}. */
    private static ImapSession opened(FakeEndpointFactory factory, LoginResult result) throws BackendUnavailableException {
        ImapSession session = session(factory.answeringLogins(result));
        assertEquals(Reply.of(WELCOMED), session.open(CLIENT));
        return session;
    }

    @Test
    void parsesTaggedCommands() {
        assertEquals(new ImapCommand.Capability("a1"), ImapCommand.parse("a1 capability"));
        assertEquals(new ImapCommand.Noop("A.2]"), ImapCommand.parse("A.2] NOOP"));
        assertEquals(new ImapCommand.Logout("3"), ImapCommand.parse("3 LOGOUT"));
        assertEquals(new ImapCommand.Unknown("t", "SELECT"), ImapCommand.parse("t SELECT INBOX"));
    }

    @Test
    void rejectsLinesWithoutTagOrCommand() {
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse(""));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse("NOOP"));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse("a1 "));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse(" a1 NOOP"));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse("* NOOP"));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse("a+ NOOP"));
        assertEquals(new ImapCommand.Invalid(), ImapCommand.parse("\u00e9 NOOP"));
    }

    @Test
    void parsesLoginArgumentsAsAtomsOrQuotedStrings() {
        assertEquals(new ImapCommand.Login("a", "alice@example.org", "s3cret]+"), ImapCommand.parse("a login alice@example.org s3cret]+"));
        assertEquals(new ImapCommand.Login("a", "alice", "pa ss \"q\" \\ end"),
                ImapCommand.parse("a LOGIN \"alice\" \"pa ss \\\"q\\\" \\\\ end\""));
        assertEquals(new ImapCommand.Login("a", "", "gr\u00fc\u00df"), ImapCommand.parse("a LOGIN \"\" \"gr\u00fc\u00df\""));
        assertFalse(ImapCommand.parse("a LOGIN alice secret").toString().contains("secret"));
    }

    @Test
    void answersBadLoginArgumentsWithTheirReason() {
        assertEquals(new ImapCommand.Malformed("a", "Literals are not supported; send a quoted string"),
                ImapCommand.parse("a LOGIN alice {6}"));
        assertEquals(new ImapCommand.Malformed("a", "Literals are not supported; send a quoted string"),
                ImapCommand.parse("a LOGIN {5+}"));
        assertEquals(new ImapCommand.Malformed("a", "Missing argument"), ImapCommand.parse("a LOGIN alice"));
        assertEquals(new ImapCommand.Malformed("a", "Missing argument"), ImapCommand.parse("a LOGIN"));
        assertEquals(new ImapCommand.Malformed("a", "Invalid argument"), ImapCommand.parse("a LOGIN alice  secret"));
        assertEquals(new ImapCommand.Malformed("a", "Unexpected extra arguments"), ImapCommand.parse("a LOGIN alice secret more"));
        assertEquals(new ImapCommand.Malformed("a", "Unterminated quoted string"), ImapCommand.parse("a LOGIN alice \"secret"));
        assertEquals(new ImapCommand.Malformed("a", "Invalid escape in quoted string"), ImapCommand.parse("a LOGIN alice \"s\\ecret\""));
        assertEquals(new ImapCommand.Malformed("a", "Invalid argument"), ImapCommand.parse("a LOGIN al(ice secret"));
    }

    @Test
    void parsesAuthenticateWithAndWithoutInitialResponse() {
        assertEquals(new ImapCommand.Authenticate("a", "PLAIN", null), ImapCommand.parse("a AUTHENTICATE PLAIN"));
        assertEquals(new ImapCommand.Authenticate("a", "plain", "AGFsaWNlAHNlY3JldA=="),
                ImapCommand.parse("a authenticate plain AGFsaWNlAHNlY3JldA=="));
        assertEquals(new ImapCommand.Authenticate("a", "PLAIN", "="), ImapCommand.parse("a AUTHENTICATE PLAIN ="));
        assertFalse(ImapCommand.parse("a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==").toString().contains("AGFsaWNl"));
        assertEquals(new ImapCommand.Malformed("a", "Missing argument"), ImapCommand.parse("a AUTHENTICATE"));
        assertEquals(new ImapCommand.Malformed("a", "Unexpected extra arguments"), ImapCommand.parse("a AUTHENTICATE PLAIN x y"));
    }

    @Test
    void greetsWithCapabilitiesOrSaysBye() throws BackendUnavailableException {
        assertEquals(Reply.of(WELCOMED), session(FakeEndpointFactory.welcoming("Ready")).open(CLIENT));
        assertEquals(Reply.closing("* BYE Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void offersLoginWithoutTlsOnlyWhereTheGreetingAllowsIt() throws BackendUnavailableException {
        assertEquals(Reply.of("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGINDISABLED] Ready"),
                session(FakeEndpointFactory.welcoming("Ready", false)).open(PLAINTEXT_CLIENT));
        assertEquals(Reply.of("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] Ready"),
                session(FakeEndpointFactory.welcoming("Ready", true)).open(PLAINTEXT_CLIENT));
    }

    @Test
    void refusesLoginsWhereTheyAreDisabled() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready", false);
        ImapSession session = session(factory);
        session.open(PLAINTEXT_CLIENT);

        assertEquals(Reply.of("* CAPABILITY IMAP4rev1 SASL-IR LOGINDISABLED", "c OK CAPABILITY completed"), session.handle("c CAPABILITY"));
        assertEquals(Reply.of("a NO [PRIVACYREQUIRED] Login requires a TLS connection"), session.handle("a LOGIN alice secret"));
        assertEquals(Reply.of("b NO [PRIVACYREQUIRED] Login requires a TLS connection"), session.handle("b AUTHENTICATE PLAIN"));
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void loginSucceedsAndEntersTheAuthenticatedState() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a" + LOGGED_IN + "LOGIN completed"), session.handle("a LOGIN alice \"pass word\""));

        assertEquals(List.of(new LoginRequest(CLIENT, "imap", "alice", "pass word")), factory.logins);
        assertEquals(Reply.of("* CAPABILITY IMAP4rev1", "c OK CAPABILITY completed"), session.handle("c CAPABILITY"));
        assertEquals(Reply.of("b BAD Already authenticated"), session.handle("b LOGIN alice secret"));
        assertEquals(Reply.of("d BAD Already authenticated"), session.handle("d AUTHENTICATE PLAIN " + plain("alice", "secret")));
        assertEquals(Reply.of("s BAD Command unknown or not implemented"), session.handle("s SELECT INBOX"));
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"));
        assertEquals(1, factory.logins.size());
        assertEquals(Reply.closing("* BYE Mailward IMAP server logging out", "z OK LOGOUT completed"), session.handle("z LOGOUT"));
    }

    @Test
    void aRightPasswordForADisabledServiceTellsTheUserToContactTheAdministrator() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.denied("IMAP is not enabled for this account"));

        assertEquals(Reply.of("a NO [CONTACTADMIN] IMAP is not enabled for this account"), session.handle("a LOGIN alice secret"));
        assertEquals(Reply.of("s BAD Command unknown or not implemented"), session.handle("s SELECT INBOX"));
    }

    @Test
    void aFailedLoginMayBeRetried() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.failed("Invalid credentials"));

        assertEquals(Reply.of("a NO [AUTHENTICATIONFAILED] Invalid credentials"), session.handle("a LOGIN alice wrong"));

        factory.answeringLogins(LoginResult.success("alice@example.org"));
        assertEquals(Reply.of("b" + LOGGED_IN + "LOGIN completed"), session.handle("b LOGIN alice secret"));
    }

    @Test
    void anUnavailableIdentityProviderIsATemporaryNo() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.unavailable("Try again later"));

        assertEquals(Reply.of("a NO [UNAVAILABLE] Try again later"), session.handle("a LOGIN alice secret"));
        assertEquals(Reply.of("b NO [UNAVAILABLE] Try again later"), session.handle("b AUTHENTICATE PLAIN " + plain("alice", "secret")));
    }

    @Test
    void aBlockedLoginSaysByeAndCloses() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.blocked("Too many failed logins"));

        assertEquals(Reply.closing("* BYE Too many failed logins", "a NO Too many failed logins"), session.handle("a LOGIN alice secret"));
    }

    @Test
    void aBackendThatCannotAnswerEndsTheConnection() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));
        factory.loginVerifier = request -> {
            throw new IllegalStateException("backend down");
        };

        assertThrows(BackendUnavailableException.class, () -> session.handle("a LOGIN alice secret"));
    }

    @Test
    void literalsGetACleanBad() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a BAD Literals are not supported; send a quoted string"), session.handle("a LOGIN alice {6}"));
        assertEquals(Reply.of("b BAD Missing argument"), session.handle("b LOGIN alice"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void authenticatePlainWithAnInitialResponse() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a" + LOGGED_IN + "AUTHENTICATE completed"),
                session.handle("a AUTHENTICATE PLAIN " + plain("alice", "secret")));
        assertEquals(List.of(new LoginRequest(CLIENT, "imap", "alice", "secret")), factory.logins);
    }

    @Test
    void authenticatePlainOverAContinuation() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+ "), session.handle("a AUTHENTICATE plain"));
        assertEquals(Reply.of("a" + LOGGED_IN + "AUTHENTICATE completed"), session.handle(plain("alice", "alice", "secret")));
        assertEquals(List.of(new LoginRequest(CLIENT, "imap", "alice", "secret")), factory.logins);
    }

    @Test
    void authenticateFailuresUseTheLoginOutcomes() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.failed("Invalid credentials"));

        assertEquals(Reply.of("+ "), session.handle("a AUTHENTICATE PLAIN"));
        assertEquals(Reply.of("a NO [AUTHENTICATIONFAILED] Invalid credentials"), session.handle(plain("alice", "wrong")));
    }

    @Test
    void aStarCancelsTheExchange() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+ "), session.handle("a AUTHENTICATE PLAIN"));
        assertEquals(Reply.of("a BAD Authentication cancelled"), session.handle("*"));
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void badBase64IsBad() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a BAD Invalid base64"), session.handle("a AUTHENTICATE PLAIN !!!!"));
        assertEquals(Reply.of("+ "), session.handle("b AUTHENTICATE PLAIN"));
        assertEquals(Reply.of("b BAD Invalid base64"), session.handle("b NOOP"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void malformedOrProxyCredentialsNeverReachTheBackend() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a NO [AUTHENTICATIONFAILED] Malformed credentials"), session.handle("a AUTHENTICATE PLAIN ="));
        assertEquals(Reply.of("b NO [AUTHORIZATIONFAILED] Proxy authorization is not supported"),
                session.handle("b AUTHENTICATE PLAIN " + plain("admin", "alice", "secret")));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void otherMechanismsAreRefused() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a NO [CANNOT] Unsupported authentication mechanism"), session.handle("a AUTHENTICATE CRAM-MD5"));
        assertEquals(Reply.of("b NO [CANNOT] Unsupported authentication mechanism"), session.handle("b AUTHENTICATE LOGIN"));
    }

    @Test
    void anOverlongResponseEndsTheExchangeWithATaggedBad() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        session.handle("a AUTHENTICATE PLAIN");

        assertEquals(Reply.of("a BAD Line too long"), session.lineTooLong());
        assertEquals(Reply.of("* BAD Line too long"), session.lineTooLong());
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"));
    }

    @Test
    void answersEachCommand() throws BackendUnavailableException {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("* CAPABILITY IMAP4rev1 SASL-IR LOGINDISABLED", "c1 OK CAPABILITY completed"), session.handle("c1 CAPABILITY"));
        assertEquals(Reply.of("n1 OK NOOP completed"), session.handle("n1 noop"));
        assertEquals(Reply.of("s1 BAD Command unknown or not implemented"), session.handle("s1 SELECT INBOX"));
        assertEquals(Reply.of("* BAD Invalid command"), session.handle("garbage"));
        assertEquals(Reply.closing("* BYE Mailward IMAP server logging out", "z9 OK LOGOUT completed"),
                session.handle("z9 LOGOUT"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("* BAD Line too long"), session.lineTooLong());
        assertEquals("* BYE Idle timeout", session.idleTimeout());
        assertEquals("* BYE Try later", session.temporaryFailure("Try later"));
    }
}
