package org.mailward.connector.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.testing.SaslFixtures.plain;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.imap.FakeMailboxes;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class Pop3SessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("pop3",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2110), false);
    private static final ConnectionInfo TLS_CLIENT = new ConnectionInfo("pop3s",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2995), true);
    private static final Reply CAPABILITIES_WITHOUT_LOGIN = Reply.of("+OK Capability list follows", "TOP", "UIDL",
            "PIPELINING", "EXPIRE NEVER", "RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION Mailward", ".");

    private static Pop3Session session(FakeEndpointFactory factory) {
        return new Pop3Session(new EndpointInvoker<>(factory, MailboxBackend.class), false);
    }

    /** A session on a TLS connection, greeted, whose logins the backend answers with {@code result}, and an empty INBOX. */
    private static Pop3Session opened(FakeEndpointFactory factory, LoginResult result) throws BackendUnavailableException {
        factory.mailboxes = new FakeMailboxes().folder("INBOX", null);
        Pop3Session session = session(factory.answeringLogins(result));
        assertEquals(Reply.of("+OK Ready"), session.open(TLS_CLIENT));
        return session;
    }

    /** A session logged in to {@code mailboxes}' INBOX. */
    private static Pop3Session loggedIn(FakeMailboxes mailboxes) throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready").answeringLogins(LoginResult.success("alice@example.org"));
        factory.mailboxes = mailboxes;
        Pop3Session session = session(factory);
        session.open(TLS_CLIENT);
        assertTrue(session.handle("AUTH PLAIN " + plain("alice", "secret")).lines().getFirst().startsWith("+OK Logged in"));
        return session;
    }

    /** What the client reads of a reply: its lines, then what its output writes. */
    private static String written(Reply reply) throws IOException, BackendUnavailableException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : reply.lines()) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (reply.output() != null) {
            reply.output().writeTo(out);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** An INBOX of two messages: 19 and 30 octets; the second has a line that starts with a dot. */
    private static FakeMailboxes twoMessages() {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        mailboxes.message("INBOX", "Subject: one\r\n\r\n1\r\n");
        mailboxes.message("INBOX", "Subject: two\r\n\r\n.dot\r\nline 2\r\n");
        return mailboxes;
    }

    @Test
    void theTransactionStateListsAndSendsTheMaildropAsItWasAtLogin() throws Exception {
        FakeMailboxes mailboxes = twoMessages();
        Pop3Session session = loggedIn(mailboxes);
        mailboxes.message("INBOX", "Subject: later\r\n\r\n3\r\n");

        assertEquals(Reply.of("+OK 2 49"), session.handle("STAT"));
        assertEquals(Reply.of("+OK 2 messages (49 octets), scan listing follows", "1 19", "2 30", "."), session.handle("LIST"));
        assertEquals(Reply.of("+OK 2 30"), session.handle("list 2"));
        assertEquals(Reply.of("+OK 2 messages (49 octets), unique-id listing follows", "1 0000000100000007",
                "2 0000000200000007", "."), session.handle("UIDL"));
        assertEquals("+OK 30 octets\r\nSubject: two\r\n\r\n..dot\r\nline 2\r\n.\r\n", written(session.handle("RETR 2")));
        assertEquals("+OK top of message follows\r\nSubject: two\r\n\r\n..dot\r\n.\r\n", written(session.handle("TOP 2 1")));
        assertEquals("+OK top of message follows\r\nSubject: two\r\n\r\n.\r\n", written(session.handle("TOP 2 0")));
        assertEquals(Reply.of("-ERR No such message, only 2 messages in maildrop"), session.handle("RETR 3"));
    }

    @Test
    void deleTakesEffectAtQuitAndRsetUndoesIt() throws Exception {
        FakeMailboxes mailboxes = twoMessages();
        Pop3Session session = loggedIn(mailboxes);

        assertEquals(Reply.of("+OK Message 1 deleted"), session.handle("DELE 1"));
        assertEquals(Reply.of("-ERR Message 1 already deleted"), session.handle("DELE 1"));
        assertEquals(Reply.of("-ERR Message 1 already deleted"), session.handle("RETR 1"));
        assertEquals(Reply.of("+OK 1 30"), session.handle("STAT"));
        assertEquals(Reply.of("+OK Maildrop has 2 messages (49 octets)"), session.handle("RSET"));
        session.handle("DELE 2");
        assertTrue(mailboxes.calls.isEmpty(), "nothing is removed before QUIT");

        assertEquals(Reply.closing("+OK Mailward POP3 server signing off (1 messages deleted)"), session.handle("QUIT"));
        assertEquals(List.of("remove INBOX [2]"), mailboxes.calls);
    }

    @Test
    void retrLeavesMailUnreadUnlessTheSettingSaysOtherwise() throws Exception {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        FakeMailboxes.Message message = mailboxes.message("INBOX", "Subject: one\r\n\r\n1\r\n");
        written(loggedIn(mailboxes).handle("RETR 1"));
        assertEquals(List.of(), message.flags);

        mailboxes.retrMarksSeen = true;
        Pop3Session session = loggedIn(mailboxes);
        written(session.handle("TOP 1 0"));
        assertEquals(List.of(), message.flags, "TOP never marks a message read");
        written(session.handle("RETR 1"));
        assertEquals(List.of("\\Seen"), message.flags);
    }

    @Test
    void aMessageRemovedByAnotherSessionIsAnErrorAndTheSessionGoesOn() throws Exception {
        FakeMailboxes mailboxes = twoMessages();
        Pop3Session session = loggedIn(mailboxes);
        mailboxes.remove("alice@example.org", "INBOX", 7, List.of(1L));

        assertEquals(Reply.of("-ERR Message 1 was removed by another session"), session.handle("RETR 1"));
        assertEquals(Reply.of("+OK Message 1 deleted"), session.handle("DELE 1"));
        assertEquals(Reply.closing("+OK Mailward POP3 server signing off (1 messages deleted)"), session.handle("QUIT"));
    }

    @Test
    void malformedTransactionCommandsAreErrors() throws Exception {
        Pop3Session session = loggedIn(twoMessages());

        assertEquals(Reply.of("-ERR Invalid message number x"), session.handle("RETR x"));
        assertEquals(Reply.of("-ERR Invalid message number 0"), session.handle("DELE 0"));
        assertEquals(Reply.of("-ERR Missing message number"), session.handle("RETR"));
        assertEquals(Reply.of("-ERR TOP takes a message number and a number of lines"), session.handle("TOP 1"));
        assertEquals(Reply.of("-ERR Invalid number of lines -1"), session.handle("TOP 1 -1"));
        assertEquals(Reply.of("-ERR Too many arguments"), session.handle("LIST 1 2"));
        assertEquals(Reply.of("-ERR No such message, only 2 messages in maildrop"), session.handle("LIST 99999999999"));
        assertEquals(Reply.of("-ERR Unknown command"), session.handle("XYZZY"));
        assertEquals(Reply.of("+OK 2 49"), session.handle("STAT"));
    }

    @Test
    void parsesKeywordsCaseInsensitively() {
        assertEquals(new Pop3Command.Quit(), Pop3Command.parse("quit"));
        assertEquals(new Pop3Command.Noop(), Pop3Command.parse("NoOp"));
        assertEquals(new Pop3Command.Capa(), Pop3Command.parse("CAPA"));
        assertEquals(new Pop3Command.Stat(), Pop3Command.parse("stat"));
        assertEquals(new Pop3Command.Top(2, 10), Pop3Command.parse("top 2 10"));
        assertEquals(new Pop3Command.Scan(0), Pop3Command.parse("LIST"));
        assertEquals(new Pop3Command.Unknown(""), Pop3Command.parse(""));
    }

    @Test
    void parsesLoginCommands() {
        assertEquals(new Pop3Command.User("alice@example.org"), Pop3Command.parse("user alice@example.org"));
        assertEquals(new Pop3Command.Pass(" pass word "), Pop3Command.parse("PASS  pass word "));
        assertEquals(new Pop3Command.Auth(null, null), Pop3Command.parse("AUTH"));
        assertEquals(new Pop3Command.Auth("PLAIN", null), Pop3Command.parse("AUTH PLAIN"));
        assertEquals(new Pop3Command.Auth("plain", "="), Pop3Command.parse("auth plain ="));
        assertEquals(new Pop3Command.Malformed("Missing user name"), Pop3Command.parse("USER "));
        assertEquals(new Pop3Command.Malformed("Missing password"), Pop3Command.parse("PASS"));
        assertEquals(new Pop3Command.Malformed("Too many arguments"), Pop3Command.parse("AUTH PLAIN a b"));
        assertFalse(Pop3Command.parse("PASS secret").toString().contains("secret"));
        assertFalse(Pop3Command.parse("AUTH PLAIN AGFsaWNlAHNlY3JldA==").toString().contains("AGFsaWNl"));
    }

    @Test
    void greetsOrRefuses() throws BackendUnavailableException {
        assertEquals(Reply.of("+OK Ready"), session(FakeEndpointFactory.welcoming("Ready")).open(CLIENT));
        assertEquals(Reply.closing("-ERR Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void listsLoginCapabilitiesOnlyWhereLoginsAreAllowed() throws BackendUnavailableException {
        Pop3Session plaintext = session(FakeEndpointFactory.welcoming("Ready", false));
        plaintext.open(CLIENT);
        Pop3Session allowed = session(FakeEndpointFactory.welcoming("Ready", true));
        allowed.open(CLIENT);
        Pop3Session tls = session(FakeEndpointFactory.welcoming("Ready", false));
        tls.open(TLS_CLIENT);

        Reply withLogin = Reply.of("+OK Capability list follows", "USER", "SASL PLAIN", "TOP", "UIDL", "PIPELINING",
                "EXPIRE NEVER", "RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION Mailward", ".");
        assertEquals(CAPABILITIES_WITHOUT_LOGIN, plaintext.handle("CAPA"));
        assertEquals(withLogin, allowed.handle("CAPA"));
        assertEquals(withLogin, tls.handle("CAPA"));
    }

    @Test
    void refusesLoginsWhereTheyAreDisabled() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready", false);
        Pop3Session session = session(factory);
        session.open(CLIENT);

        assertEquals(Reply.of("-ERR Login requires a TLS connection"), session.handle("USER alice"));
        assertEquals(Reply.of("-ERR Login requires a TLS connection"), session.handle("PASS secret"));
        assertEquals(Reply.of("-ERR Login requires a TLS connection"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void userAndPassEnterTheTransactionState() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+OK Send your password"), session.handle("USER alice"));
        assertEquals(Reply.of("+OK Logged in, 0 messages (0 octets)"), session.handle("PASS pass word"));

        assertEquals(List.of(new LoginRequest(TLS_CLIENT, "pop3", "alice", "pass word")), factory.logins);
        assertEquals(CAPABILITIES_WITHOUT_LOGIN, session.handle("CAPA"));
        assertEquals(Reply.of("-ERR Already logged in"), session.handle("USER bob"));
        assertEquals(Reply.of("-ERR Already logged in"), session.handle("AUTH PLAIN"));
        assertEquals(Reply.of("+OK 0 0"), session.handle("STAT"));
        assertEquals(Reply.of("+OK"), session.handle("NOOP"));
        assertEquals(Reply.closing("+OK Mailward POP3 server signing off"), session.handle("QUIT"));
    }

    @Test
    void passWithoutUserIsAnError() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.failed("Invalid credentials"));

        assertEquals(Reply.of("-ERR Send USER first"), session.handle("PASS secret"));

        session.handle("USER alice");
        assertEquals(Reply.of("-ERR [AUTH] Invalid credentials"), session.handle("PASS wrong"));
        assertEquals(Reply.of("-ERR Send USER first"), session.handle("PASS again"));
        assertEquals(1, factory.logins.size());
    }

    @Test
    void anUnavailableIdentityProviderIsATemporaryError() throws BackendUnavailableException {
        Pop3Session session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.unavailable("Try again later"));

        session.handle("USER alice");
        assertEquals(Reply.of("-ERR [SYS/TEMP] Try again later"), session.handle("PASS secret"));
        assertEquals(Reply.of("-ERR [SYS/TEMP] Try again later"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
    }

    @Test
    void aBlockedLoginIsAnsweredAndClosed() throws BackendUnavailableException {
        Pop3Session session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.blocked("Too many failed logins"));

        session.handle("USER alice");
        assertEquals(Reply.closing("-ERR Too many failed logins"), session.handle("PASS secret"));
    }

    @Test
    void authPlainWithAnInitialResponse() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+OK Logged in, 0 messages (0 octets)"), session.handle("AUTH PLAIN " + plain("alice", "secret")));
        assertEquals(List.of(new LoginRequest(TLS_CLIENT, "pop3", "alice", "secret")), factory.logins);
    }

    @Test
    void authPlainOverAContinuation() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.failed("Invalid credentials"));

        assertEquals(Reply.of("+ "), session.handle("AUTH PLAIN"));
        assertEquals(Reply.of("-ERR [AUTH] Invalid credentials"), session.handle(plain("alice", "wrong")));

        factory.answeringLogins(LoginResult.success("alice@example.org"));
        assertEquals(Reply.of("+ "), session.handle("auth plain"));
        assertEquals(Reply.of("+OK Logged in, 0 messages (0 octets)"), session.handle(plain("alice", "secret")));
        assertEquals(2, factory.logins.size());
    }

    @Test
    void listsTheMechanismsForABareAuth() throws BackendUnavailableException {
        Pop3Session session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+OK", "PLAIN", "."), session.handle("AUTH"));
    }

    @Test
    void aStarCancelsTheExchange() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("+ "), session.handle("AUTH PLAIN"));
        assertEquals(Reply.of("-ERR Authentication cancelled"), session.handle("*"));
        assertEquals(Reply.of("+OK"), session.handle("NOOP"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void badBase64AndBadCredentialsAreErrors() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready");
        Pop3Session session = opened(factory, LoginResult.success("alice@example.org"));

        assertEquals(Reply.of("-ERR Invalid base64"), session.handle("AUTH PLAIN !!!!"));
        assertEquals(Reply.of("+ "), session.handle("AUTH PLAIN"));
        assertEquals(Reply.of("-ERR Invalid base64"), session.handle("STAT 1"));
        assertEquals(Reply.of("-ERR [AUTH] Malformed credentials"), session.handle("AUTH PLAIN ="));
        assertEquals(Reply.of("-ERR [AUTH] Proxy authorization is not supported"),
                session.handle("AUTH PLAIN " + plain("admin", "alice", "secret")));
        assertEquals(Reply.of("-ERR Unsupported authentication mechanism"), session.handle("AUTH LOGIN"));
        assertTrue(factory.logins.isEmpty());
    }

    @Test
    void anOverlongResponseEndsTheExchange() throws BackendUnavailableException {
        Pop3Session session = opened(FakeEndpointFactory.welcoming("Ready"), LoginResult.success("alice@example.org"));

        session.handle("AUTH PLAIN");

        assertEquals(Reply.of("-ERR Line too long"), session.lineTooLong());
        assertEquals(Reply.of("+OK"), session.handle("NOOP"));
    }

    @Test
    void answersEachCommand() throws BackendUnavailableException {
        Pop3Session session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("+OK"), session.handle("NOOP"));
        assertEquals(CAPABILITIES_WITHOUT_LOGIN, session.handle("capa"));
        assertEquals(Reply.of("-ERR Log in first"), session.handle("STAT"));
        assertEquals(Reply.of("-ERR Unknown command"), session.handle("XYZZY"));
        assertEquals(Reply.closing("+OK Mailward POP3 server signing off"), session.handle("QUIT"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        Pop3Session session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("-ERR Line too long"), session.lineTooLong());
        assertEquals("-ERR Idle timeout", session.idleTimeout());
        assertEquals("-ERR [SYS/TEMP] Try later", session.temporaryFailure("Try later"));
    }

    @Test
    void whatWasSaidBeforeStlsIsForgotten() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready", true).answeringLogins(LoginResult.success("alice@example.org"));
        Pop3Session session = new Pop3Session(new EndpointInvoker<>(factory, MailboxBackend.class), true);
        session.open(CLIENT);
        assertEquals(Reply.of("+OK Send your password"), session.handle("USER mallory"));

        assertEquals(Reply.then(new Reply.StartTls(), "+OK Begin TLS negotiation"), session.handle("STLS"));
        session.tlsStarted(TLS_CLIENT);

        assertEquals(Reply.of("-ERR Send USER first"), session.handle("PASS secret"));
        assertEquals(Reply.of("-ERR STLS is not available on this connection"), session.handle("STLS"));
        assertTrue(factory.logins.isEmpty());
    }
}
