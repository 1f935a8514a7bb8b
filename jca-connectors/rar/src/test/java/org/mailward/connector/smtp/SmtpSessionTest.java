package org.mailward.connector.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class SmtpSessionTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("submission",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2587), false);

    private static SmtpSession session(FakeEndpointFactory factory) {
        return new SmtpSession(new EndpointInvoker<>(factory, SmtpBackend.class));
    }

    @Test
    void parsesVerbsCaseInsensitively() {
        assertEquals(new SmtpCommand.Hello(true, "client.example.net"), SmtpCommand.parse("ehlo client.example.net"));
        assertEquals(new SmtpCommand.Hello(false, ""), SmtpCommand.parse("HeLo"));
        assertEquals(new SmtpCommand.Quit(), SmtpCommand.parse("quit"));
        assertEquals(new SmtpCommand.Noop(), SmtpCommand.parse("NOOP anything"));
        assertEquals(new SmtpCommand.Reset(), SmtpCommand.parse("RSET"));
        assertEquals(new SmtpCommand.Empty(), SmtpCommand.parse(" \t "));
        assertEquals(new SmtpCommand.Unknown("MAIL"), SmtpCommand.parse("MAIL FROM:<a@example.org>"));
    }

    @Test
    void greetsAndNamesItselfFromTheGreeting() throws BackendUnavailableException {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mail.example.org Mailward ESMTP ready"));

        assertEquals(Reply.of("220 mail.example.org Mailward ESMTP ready"), session.open(CLIENT));
        assertEquals(Reply.of("250 mail.example.org Hello"), session.handle("EHLO client.example.net"));
        assertEquals(Reply.of("250 mail.example.org Hello"), session.handle("helo client.example.net"));
    }

    @Test
    void callsItselfLocalhostWhenTheGreetingIsEmpty() throws BackendUnavailableException {
        SmtpSession session = session(FakeEndpointFactory.welcoming(""));
        session.open(CLIENT);

        assertEquals(Reply.of("250 localhost Hello"), session.handle("HELO x"));
    }

    @Test
    void refusesWith554AndCloses() throws BackendUnavailableException {
        assertEquals(Reply.closing("554 5.7.1 Blocked"), session(FakeEndpointFactory.refusing("Blocked")).open(CLIENT));
    }

    @Test
    void answersEachCommand() {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mx"));

        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("NOOP"));
        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("rset"));
        assertEquals(Reply.of("500 5.5.2 Syntax error"), session.handle(""));
        assertEquals(Reply.of("502 5.5.1 Command not implemented"), session.handle("DATA"));
        assertEquals(Reply.closing("221 2.0.0 Bye"), session.handle("Quit"));
    }

    @Test
    void framesTheConnectionLevelReplies() {
        SmtpSession session = session(FakeEndpointFactory.welcoming("mx"));

        assertEquals("500 5.5.2 Line too long", session.lineTooLong());
        assertEquals("421 4.4.2 Idle timeout", session.idleTimeout());
        assertEquals("421 4.3.2 Try later", session.temporaryFailure("Try later"));
    }
}
