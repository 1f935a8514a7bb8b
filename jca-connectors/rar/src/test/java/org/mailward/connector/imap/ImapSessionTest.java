package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.testing.SaslFixtures.plain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.ClientInput;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.MailboxLimits;
import org.mailward.connector.spi.mailbox.StorageQuota;
import org.mailward.connector.testing.FakeEndpointFactory;

class ImapSessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("imaps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2993), true);
    private static final ConnectionInfo PLAINTEXT_CLIENT = new ConnectionInfo("imap",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2143), false);
    private static final String WELCOMED = "* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR AUTH=PLAIN] Ready";
    /** What a logged-in client is offered, but COMPRESS, which is offered until it is on. */
    private static final String AUTHENTICATED = ImapTestSessions.AUTHENTICATED_CAPABILITIES;
    private static final String LOGGED_IN = " OK [CAPABILITY " + AUTHENTICATED + " COMPRESS=DEFLATE] ";

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
        assertEquals(new ImapCommand.Select("t", "INBOX", false, false, null, null), ImapCommand.parse("t SELECT inbox"));
        assertEquals(new ImapCommand.Unknown("t", "XYZZY"), ImapCommand.parse("t XYZZY INBOX"));
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
        assertEquals(new ImapCommand.Login("a", "alice", "sec ret"),
                ImapCommand.parse("a LOGIN alice {7}", List.of("sec ret".getBytes(StandardCharsets.UTF_8))));
        assertEquals(new ImapCommand.Login("a", "alice", "x"),
                ImapCommand.parse("a LOGIN {5+} x", List.of("alice".getBytes(StandardCharsets.UTF_8))));
        assertEquals(new ImapCommand.Malformed("a", "Invalid argument"), ImapCommand.parse("a LOGIN alice {6}"),
                "a literal whose octets never came");
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
        assertEquals(Reply.of("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR LOGINDISABLED] Ready"),
                session(FakeEndpointFactory.welcoming("Ready", false)).open(PLAINTEXT_CLIENT));
        assertEquals(Reply.of("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR AUTH=PLAIN] Ready"),
                session(FakeEndpointFactory.welcoming("Ready", true)).open(PLAINTEXT_CLIENT));
    }

    @Test
    void refusesLoginsWhereTheyAreDisabled() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready", false);
        ImapSession session = session(factory);
        session.open(PLAINTEXT_CLIENT);

        assertEquals(Reply.of("* CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR LOGINDISABLED", "c OK CAPABILITY completed"), session.handle("c CAPABILITY"));
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
        assertEquals(Reply.of("* CAPABILITY " + AUTHENTICATED + " COMPRESS=DEFLATE", "c OK CAPABILITY completed"),
                session.handle("c CAPABILITY"));
        assertEquals(Reply.of("b BAD Already authenticated"), session.handle("b LOGIN alice secret"));
        assertEquals(Reply.of("d BAD Already authenticated"), session.handle("d AUTHENTICATE PLAIN " + plain("alice", "secret")));
        assertEquals(Reply.of("s BAD Command unknown or not implemented"), session.handle("s XYZZY INBOX"));
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"));
        assertEquals(1, factory.logins.size());
        assertEquals(Reply.closing("* BYE Mailward IMAP server logging out", "z OK LOGOUT completed"), session.handle("z LOGOUT"));
    }

    @Test
    void aRightPasswordForADisabledServiceTellsTheUserToContactTheAdministrator() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.denied("IMAP is not enabled for this account"));

        assertEquals(Reply.of("a NO [CONTACTADMIN] IMAP is not enabled for this account"), session.handle("a LOGIN alice secret"));
        assertEquals(Reply.of("s BAD Log in first"), session.handle("s SELECT INBOX"));
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
    void aLiteralIsReadAfterAContinuationAndTheCommandGoesOn() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        Reply continuation = session.handle("a LOGIN alice {6}");
        assertEquals(List.of("+ Ready for literal data"), continuation.lines());
        Reply.ReadChunk read = (Reply.ReadChunk) continuation.then();
        assertEquals(6, read.size());
        send("s\"c{1}", read);
        assertEquals(Reply.of(), session.dataReceived(false));

        assertEquals(Reply.of("a" + LOGGED_IN + "LOGIN completed"), session.handle(""));
        assertEquals(List.of(new LoginRequest(CLIENT, "imap", "alice", "s\"c{1}")), factory.logins,
                "a literal carries what a quoted string cannot");
    }

    @Test
    void idNamespaceAndEnableAnswerWithoutTheMailbox() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("* ID (\"name\" \"Mailward\")", "i OK ID completed"),
                session.handle("i ID (\"name\" \"Thunderbird\" \"version\" \"140.0\")"), "ID before the login too");
        assertEquals(Reply.of("e BAD Log in first"), session.handle("e ENABLE CONDSTORE"));
        session.handle("a LOGIN alice secret");
        assertEquals(Reply.of("* NAMESPACE ((\"\" \"/\")) NIL NIL", "n OK NAMESPACE completed"), session.handle("n NAMESPACE"));
        assertEquals(Reply.of("* ENABLED CONDSTORE QRESYNC", "e OK ENABLE completed"), session.handle("e ENABLE CONDSTORE QRESYNC XYZZY"),
                "nothing that is not implemented is turned on");
        assertEquals(Reply.of("j BAD ID takes NIL or a parenthesised list"), session.handle("j ID something"));
    }

    @Test
    void aNonSynchronisingLiteralGetsNoContinuation() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        Reply read = session.handle("a LOGIN {5+}");
        assertEquals(List.of(), read.lines());
        send("alice", (Reply.ReadChunk) read.then());
        session.dataReceived(false);

        assertEquals(Reply.of("a" + LOGGED_IN + "LOGIN completed"), session.handle(" secret"));
        assertEquals(List.of(new LoginRequest(CLIENT, "imap", "alice", "secret")), factory.logins);
    }

    /** The client's octets, read by the connection's own reader as the listener would. */
    private static void send(String octets, Reply.ReadChunk read) {
        try {
            ClientInput input = new ClientInput(new ByteArrayInputStream(octets.getBytes(StandardCharsets.UTF_8)), 1000);
            assertTrue(input.readExactly(read.size(), read.into()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void literalsCannotGrowACommandWithoutBoundOrSpillAnAppendBeforeTheLogin() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a NO Log in first"), session.handle("a APPEND INBOX {50000}"),
                "no message is taken (or written to disk) for a client that has not logged in");
        for (int i = 0; i < 3; i++) {
            Reply read = session.handle(i == 0 ? "b LOGIN {65536+}" : " {65536+}");
            send("x".repeat(65536), (Reply.ReadChunk) read.then());
            session.dataReceived(false);
        }
        assertEquals(Reply.of("b NO [TOOBIG] Command too long (at most 262144 octets)"), session.handle(" {65536}"),
                "the fourth literal would pass the command's total");
        Reply flood = session.handle("c LOGIN {70000+}");
        send("y".repeat(70000), (Reply.ReadChunk) flood.then());
        session.dataReceived(false);
        assertEquals(Reply.closing("* BYE Too much data for a refused command"), session.handle(" {70000+}"),
                "more literals into a refused command end the connection");
    }

    @Test
    void aTooLongLineInTheMiddleOfACommandEndsThatCommandOnly() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        Reply read = session.handle("a LOGIN {5+}");
        send("alice", (Reply.ReadChunk) read.then());
        session.dataReceived(false);
        assertEquals(Reply.of("a BAD Line too long"), session.lineTooLong());
        assertEquals(Reply.of("b OK NOOP completed"), session.handle("b NOOP"), "the next command stands on its own");
    }

    @Test
    void anOversizedLiteralIsRefusedBeforeOrAfterItsOctets() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a NO [TOOBIG] Literal too large (at most 65536 octets)"), session.handle("a LOGIN alice {70000}"),
                "refused before the client sends it");

        Reply swallowed = session.handle("b LOGIN alice {70000+}");
        assertEquals(70000, ((Reply.ReadChunk) swallowed.then()).size(), "sent anyway, so read and dropped");
        send("x".repeat(70000), (Reply.ReadChunk) swallowed.then());
        session.dataReceived(false);
        assertEquals(Reply.of("b BAD [TOOBIG] Literal too large (at most 65536 octets)"), session.handle(""));
        assertEquals(Reply.of("c OK NOOP completed"), session.handle("c NOOP"), "the session goes on");
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

    private static final String LOGGED_IN_STRICTLY = LOGGED_IN.replace("APPENDLIMIT=52428800", "APPENDLIMIT=100");

    /** Limits far below the defaults, so that a test reaches each of them in a few steps. */
    private static FakeEndpointFactory strict() {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        factory.mailboxLimits = new MailboxLimits(2, 3, 2, 1, 10, 30, 100, Duration.ofMinutes(45), Duration.ofMinutes(50));
        return factory;
    }

    @Test
    void theGreetingsLimitsCapLiteralsCommandsAndAppendsAndAreAnnounced() throws BackendUnavailableException {
        ImapSession session = opened(strict(), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a NO [TOOBIG] Literal too large (at most 10 octets)"), session.handle("a LOGIN alice {11}"));
        Reply read = session.handle("b LOGIN {10}");
        send("x".repeat(10), (Reply.ReadChunk) read.then());
        session.dataReceived(false);
        assertEquals(Reply.of("b NO [TOOBIG] Command too long (at most 30 octets)"), session.handle(" {10}"));
        assertEquals(Reply.of("c" + LOGGED_IN_STRICTLY + "LOGIN completed"), session.handle("c LOGIN alice secret"));
        assertEquals(Reply.of("d NO [TOOBIG] Literal too large (at most 100 octets)"), session.handle("d APPEND INBOX {101}"),
                "refused before the client sends the message (RFC 7889)");
        assertEquals(List.of("+ Ready for literal data"), session.handle("e APPEND INBOX {100}").lines());
    }

    @Test
    void badAnswersInARowEndTheSession() throws BackendUnavailableException {
        ImapSession session = opened(strict(), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a BAD Command unknown or not implemented"), session.handle("a XYZZY"));
        assertEquals(Reply.of("* BAD Line too long"), session.lineTooLong());
        assertEquals(Reply.of("n OK NOOP completed"), session.handle("n NOOP"), "an answer that is not BAD starts the count again");
        session.handle("b XYZZY");
        session.handle("garbage");
        assertEquals(Reply.closing("c BAD Log in first", "* BYE Too many invalid commands"), session.handle("c SELECT INBOX"));
    }

    @Test
    void systemSettingsBelowTheAdaptersCapsTurnClientsAwayAtTheGreeting() throws BackendUnavailableException {
        ConnectionInfo fourth = new ConnectionInfo("imaps", CLIENT.remote(), CLIENT.local(), true, null, 4, 1);
        ConnectionInfo thirdFromThisAddress = new ConnectionInfo("imaps", CLIENT.remote(), CLIENT.local(), true, null, 3, 3);
        ConnectionInfo third = new ConnectionInfo("imaps", CLIENT.remote(), CLIENT.local(), true, null, 3, 2);

        assertEquals(Reply.closing("* BYE [UNAVAILABLE] Too many connections; try again later"), session(strict()).open(fourth));
        assertEquals(Reply.closing("* BYE [UNAVAILABLE] Too many connections; try again later"), session(strict()).open(thirdFromThisAddress));
        assertEquals(Reply.of(WELCOMED), session(strict()).open(third));
    }

    @Test
    void anAccountHoldsNoMoreSessionsThanAllowedOnAllListeners() throws BackendUnavailableException {
        FakeEndpointFactory factory = strict().answeringLogins(LoginResult.success("alice@example.org"));
        AccountConnections accounts = new AccountConnections();
        ImapSession first = new ImapSession(new EndpointInvoker<>(factory, MailboxBackend.class), false, accounts);
        ImapSession second = new ImapSession(new EndpointInvoker<>(factory, MailboxBackend.class), false, accounts);
        first.open(CLIENT);
        second.open(CLIENT);

        first.handle("a LOGIN alice secret");
        assertEquals(Reply.of("a NO [LIMIT] Too many connections for this account"), second.handle("a LOGIN alice secret"));
        assertEquals(Reply.of("b BAD Log in first"), second.handle("b SELECT INBOX"), "the login did not take");

        first.close();
        assertEquals(Reply.of("c" + LOGGED_IN_STRICTLY + "LOGIN completed"), second.handle("c LOGIN alice secret"),
                "a session that ended makes room");
    }

    @Test
    void aLoggedInClientMayStaySilentLongerAndLongerStillInIdle() throws BackendUnavailableException {
        ImapSession session = opened(strict(), LoginResult.success("alice@example.org"));
        session.pushTo(reply -> { });

        assertEquals(null, session.commandTimeout(), "the listener's idle timeout before the login");
        session.handle("a LOGIN alice secret");
        assertEquals(Duration.ofMinutes(45), session.commandTimeout());
        assertEquals(Reply.of(), session.handle("i IDLE"));
        assertEquals(Duration.ofMinutes(50), session.commandTimeout());
        assertEquals(Reply.of("i OK IDLE completed"), session.handle("DONE"));
        assertEquals(Duration.ofMinutes(45), session.commandTimeout());
    }

    @Test
    void compressIsOfferedAfterTheLoginAndTurnedOnOnce() throws BackendUnavailableException {
        ImapSession session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("a BAD Log in first"), session.handle("a COMPRESS DEFLATE"));
        session.handle("b LOGIN alice secret");
        assertEquals(Reply.of("c BAD Unknown compression mechanism LZW"), session.handle("c COMPRESS LZW"));
        assertEquals(Reply.of("d BAD Missing argument"), session.handle("d COMPRESS"));
        assertEquals(Reply.then(new Reply.Compress(), "e OK DEFLATE active"), session.handle("e compress deflate"));
        assertEquals(Reply.of("f NO [COMPRESSIONACTIVE] DEFLATE is active already"), session.handle("f COMPRESS DEFLATE"));
        assertEquals(Reply.of("* CAPABILITY " + AUTHENTICATED, "g OK CAPABILITY completed"), session.handle("g CAPABILITY"),
                "no longer offered once on");
    }

    /** A mailbox backend that answers the calls named, and fails any other. */
    private static MailboxBackend answering(Map<String, MailboxAnswer<?>> answers) {
        return (MailboxBackend) Proxy.newProxyInstance(MailboxBackend.class.getClassLoader(), new Class<?>[] {MailboxBackend.class},
                (proxy, method, arguments) -> Optional.ofNullable(answers.get(method.getName()))
                        .orElseThrow(() -> new IllegalStateException("unexpected call " + method.getName())));
    }

    private static final MailboxAnswer<FolderStatus> INBOX = MailboxAnswer.of(new FolderStatus("INBOX", 7, 10, 20, 9, 1, 4000));

    @Test
    void quotaRootsAndQuotasAreTheAccountsOwnAndOnlyAdministratorsSetThem() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));
        session.handle("a LOGIN alice secret");
        factory.mailboxes = answering(Map.of("status", INBOX, "quota", MailboxAnswer.of(new StorageQuota(1025, 10L * 1024 * 1024))));

        assertEquals(Reply.of("* QUOTAROOT \"INBOX\" \"\"", "* QUOTA \"\" (STORAGE 2 10240)", "b OK GETQUOTAROOT completed"),
                session.handle("b GETQUOTAROOT inbox"), "a KB begun counts as used");
        assertEquals(Reply.of("* QUOTA \"\" (STORAGE 2 10240)", "c OK GETQUOTA completed"), session.handle("c GETQUOTA \"\""));
        assertEquals(Reply.of("d NO [NONEXISTENT] No such quota root"), session.handle("d GETQUOTA other"));
        assertEquals(Reply.of("e NO [NOPERM] Quotas are set by the administrator"), session.handle("e SETQUOTA \"\" (STORAGE 512)"));
        assertEquals(Reply.of("f BAD Expected ("), session.handle("f SETQUOTA \"\" STORAGE"));

        factory.mailboxes = answering(Map.of("status", INBOX, "quota", MailboxAnswer.of(new StorageQuota(1025, 0))));
        assertEquals(Reply.of("* QUOTAROOT \"INBOX\"", "g OK GETQUOTAROOT completed"), session.handle("g GETQUOTAROOT INBOX"),
                "an account without a quota has no quota root");
        assertEquals(Reply.of("h NO [NONEXISTENT] No such quota root"), session.handle("h GETQUOTA \"\""));

        factory.mailboxes = answering(Map.of("status", MailboxAnswer.refused(MailboxAnswer.Code.NONEXISTENT, "No folder Nope")));
        assertEquals(Reply.of("i NO [NONEXISTENT] No folder Nope"), session.handle("i GETQUOTAROOT Nope"));
    }

    @Test
    void statusTellsWhatAnExpungeWouldFree() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        ImapSession session = opened(factory, LoginResult.success("alice@example.org"));
        session.handle("a LOGIN alice secret");
        factory.mailboxes = answering(Map.of("status", INBOX, "deletedSize", MailboxAnswer.of(3000L)));

        assertEquals(Reply.of("* STATUS \"INBOX\" (MESSAGES 9 DELETED-STORAGE 3)", "b OK STATUS completed"),
                session.handle("b STATUS INBOX (MESSAGES DELETED-STORAGE)"));
    }

    @Test
    void answersEachCommand() throws BackendUnavailableException {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));
        session.open(PLAINTEXT_CLIENT);

        assertEquals(Reply.of("* CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR LOGINDISABLED", "c1 OK CAPABILITY completed"), session.handle("c1 CAPABILITY"));
        assertEquals(Reply.of("n1 OK NOOP completed"), session.handle("n1 noop"));
        assertEquals(Reply.of("s1 BAD Log in first"), session.handle("s1 SELECT INBOX"));
        assertEquals(Reply.of("* BAD Invalid command"), session.handle("garbage"));
        assertEquals(Reply.closing("* BYE Mailward IMAP server logging out", "z9 OK LOGOUT completed"),
                session.handle("z9 LOGOUT"));
    }

    @Test
    void framesTheConnectionLevelReplies() throws BackendUnavailableException {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));
        session.open(PLAINTEXT_CLIENT);

        assertEquals(Reply.of("* BAD Line too long"), session.lineTooLong());
        assertEquals("* BYE Idle timeout", session.idleTimeout());
        assertEquals("* BYE Try later", session.temporaryFailure("Try later"));
    }
}
