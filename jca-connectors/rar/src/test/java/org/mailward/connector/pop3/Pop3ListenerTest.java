package org.mailward.connector.pop3;

import java.util.List;
import java.util.function.Supplier;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.mailward.connector.imap.FakeMailboxes;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;
import org.mailward.connector.testing.ListenerContract;

class Pop3ListenerTest extends ListenerContract {

    @Override
    protected String protocol() {
        return "pop3";
    }

    @Override
    protected String listenerName() {
        return "pop3";
    }

    @Override
    protected Supplier<Pop3Session> sessions(MessageEndpointFactory factory) {
        // a login opens the INBOX: an empty one
        ((FakeEndpointFactory) factory).mailboxes = new FakeMailboxes().folder("INBOX", null);
        EndpointInvoker<MailboxBackend> backend = new EndpointInvoker<>(factory, MailboxBackend.class);
        return () -> new Pop3Session(backend, false);
    }

    @Override
    protected String[] greeting(boolean loginAllowed) {
        return new String[] {"+OK " + WELCOME};
    }

    @Override
    protected String refusal(String reason) {
        return "-ERR " + reason;
    }

    @Override
    protected String temporaryFailure() {
        return "-ERR [SYS/TEMP] Service temporarily unavailable";
    }

    @Override
    protected String noop() {
        return "NOOP";
    }

    @Override
    protected String noopReply() {
        return "+OK";
    }

    @Override
    protected String quit() {
        return "QUIT";
    }

    @Override
    protected String[] goodbye() {
        return new String[] {"+OK Mailward POP3 server signing off"};
    }

    @Override
    protected String lineTooLong() {
        return "-ERR Line too long";
    }

    @Override
    protected String idleTimeout() {
        return "-ERR Idle timeout";
    }

    @Override
    protected List<Exchange> startPlainLogin() {
        return List.of(
                new Exchange("CAPA", "+OK Capability list follows", "USER", "SASL PLAIN", "TOP", "UIDL", "PIPELINING",
                        "EXPIRE NEVER", "RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION Mailward", "."),
                new Exchange("AUTH PLAIN", "+ "));
    }

    @Override
    protected String[] loginSucceeded() {
        return new String[] {"+OK Logged in, 0 messages (0 octets)"};
    }

    @Override
    protected String[] loginBlocked(String reason) {
        return new String[] {"-ERR " + reason};
    }

    @Override
    protected List<Exchange> loginWithoutTls() {
        return List.of(
                new Exchange("CAPA", "+OK Capability list follows", "TOP", "UIDL", "PIPELINING", "EXPIRE NEVER", "RESP-CODES",
                        "AUTH-RESP-CODE", "IMPLEMENTATION Mailward", "."),
                new Exchange("USER alice", "-ERR Login requires a TLS connection"),
                new Exchange("AUTH PLAIN", "-ERR Login requires a TLS connection"));
    }
}
