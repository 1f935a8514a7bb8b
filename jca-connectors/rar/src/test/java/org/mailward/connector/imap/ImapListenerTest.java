package org.mailward.connector.imap;

import java.util.function.Supplier;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.ListenerContract;

class ImapListenerTest extends ListenerContract {

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
    protected String[] greeting() {
        return new String[] {"* OK [CAPABILITY IMAP4rev1] " + WELCOME};
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
}
