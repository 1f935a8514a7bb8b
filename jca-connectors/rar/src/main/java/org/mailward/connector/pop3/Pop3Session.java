package org.mailward.connector.pop3;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.mailbox.MailboxBackend;

/**
 * One POP3 conversation in the AUTHORIZATION state (RFC 1939 section 4). Temporary failures carry
 * the {@code [SYS/TEMP]} response code of RFC 3206.
 */
public final class Pop3Session implements ProtocolSession {

    private final EndpointInvoker<MailboxBackend> backend;

    public Pop3Session(EndpointInvoker<MailboxBackend> backend) {
        this.backend = backend;
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(mailbox -> mailbox.greet(connection));
        return greeting.accepted() ? Reply.of("+OK " + greeting.text()) : Reply.closing("-ERR " + greeting.text());
    }

    @Override
    public Reply handle(String line) {
        return switch (Pop3Command.parse(line)) {
            case Pop3Command.Quit quit -> Reply.closing("+OK Mailward POP3 server signing off");
            case Pop3Command.Noop noop -> Reply.of("+OK");
            // Only what works today is listed; USER, TOP and friends arrive with their handlers.
            case Pop3Command.Capa capa -> Reply.of("+OK Capability list follows", "IMPLEMENTATION Mailward", ".");
            case Pop3Command.Unknown unknown -> Reply.of("-ERR Command not implemented");
        };
    }

    @Override
    public String lineTooLong() {
        return "-ERR Line too long";
    }

    @Override
    public String idleTimeout() {
        return "-ERR Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "-ERR [SYS/TEMP] " + reason;
    }
}
