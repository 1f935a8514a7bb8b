package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class ImapSessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("imaps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2993), true);

    private static ImapSession session(FakeEndpointFactory factory) {
        return new ImapSession(new EndpointInvoker<>(factory, MailboxBackend.class));
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
    void greetsWithCapabilitiesOrSaysBye() throws BackendUnavailableException {
        assertEquals(Reply.of("* OK [CAPABILITY IMAP4rev1] Ready"), session(FakeEndpointFactory.welcoming("Ready")).open(CLIENT));
        assertEquals(Reply.closing("* BYE Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void answersEachCommand() {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("* CAPABILITY IMAP4rev1", "c1 OK CAPABILITY completed"), session.handle("c1 CAPABILITY"));
        assertEquals(Reply.of("n1 OK NOOP completed"), session.handle("n1 noop"));
        assertEquals(Reply.of("s1 BAD Command unknown or not implemented"), session.handle("s1 SELECT INBOX"));
        assertEquals(Reply.of("* BAD Invalid command"), session.handle("garbage"));
        assertEquals(Reply.closing("* BYE Mailward IMAP server logging out", "z9 OK LOGOUT completed"),
                session.handle("z9 LOGOUT"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        ImapSession session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals("* BAD Line too long", session.lineTooLong());
        assertEquals("* BYE Idle timeout", session.idleTimeout());
        assertEquals("* BYE Try later", session.temporaryFailure("Try later"));
    }
}
