package org.mailward.connector.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class Pop3SessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("pop3",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2110), false);

    private static Pop3Session session(FakeEndpointFactory factory) {
        return new Pop3Session(new EndpointInvoker<>(factory, MailboxBackend.class));
    }

    @Test
    void parsesKeywordsCaseInsensitively() {
        assertEquals(new Pop3Command.Quit(), Pop3Command.parse("quit"));
        assertEquals(new Pop3Command.Noop(), Pop3Command.parse("NoOp"));
        assertEquals(new Pop3Command.Capa(), Pop3Command.parse("CAPA"));
        assertEquals(new Pop3Command.Unknown("USER"), Pop3Command.parse("user alice"));
        assertEquals(new Pop3Command.Unknown(""), Pop3Command.parse(""));
    }

    @Test
    void greetsOrRefuses() throws BackendUnavailableException {
        assertEquals(Reply.of("+OK Ready"), session(FakeEndpointFactory.welcoming("Ready")).open(CLIENT));
        assertEquals(Reply.closing("-ERR Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void answersEachCommand() {
        Pop3Session session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals(Reply.of("+OK"), session.handle("NOOP"));
        assertEquals(Reply.of("+OK Capability list follows", "IMPLEMENTATION Mailward", "."), session.handle("capa"));
        assertEquals(Reply.of("-ERR Command not implemented"), session.handle("STAT"));
        assertEquals(Reply.closing("+OK Mailward POP3 server signing off"), session.handle("QUIT"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        Pop3Session session = session(FakeEndpointFactory.welcoming("Ready"));

        assertEquals("-ERR Line too long", session.lineTooLong());
        assertEquals("-ERR Idle timeout", session.idleTimeout());
        assertEquals("-ERR [SYS/TEMP] Try later", session.temporaryFailure("Try later"));
    }
}
