package org.mailward.connector.imap;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.mailbox.MailboxBackend;

/** One IMAP conversation in the not-authenticated state (RFC 3501 sections 3.1, 6.1, 7.1.5). */
public final class ImapSession implements ProtocolSession {

    private static final String CAPABILITIES = "IMAP4rev1";

    private final EndpointInvoker<MailboxBackend> backend;

    public ImapSession(EndpointInvoker<MailboxBackend> backend) {
        this.backend = backend;
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(mailbox -> mailbox.greet(connection));
        return greeting.accepted()
                ? Reply.of("* OK [CAPABILITY " + CAPABILITIES + "] " + greeting.text())
                : Reply.closing("* BYE " + greeting.text());
    }

    @Override
    public Reply handle(String line) {
        return switch (ImapCommand.parse(line)) {
            case ImapCommand.Capability capability ->
                    Reply.of("* CAPABILITY " + CAPABILITIES, capability.tag() + " OK CAPABILITY completed");
            case ImapCommand.Noop noop -> Reply.of(noop.tag() + " OK NOOP completed");
            case ImapCommand.Logout logout ->
                    Reply.closing("* BYE Mailward IMAP server logging out", logout.tag() + " OK LOGOUT completed");
            case ImapCommand.Unknown unknown -> Reply.of(unknown.tag() + " BAD Command unknown or not implemented");
            case ImapCommand.Invalid invalid -> Reply.of("* BAD Invalid command");
        };
    }

    @Override
    public String lineTooLong() {
        return "* BAD Line too long";
    }

    @Override
    public String idleTimeout() {
        return "* BYE Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "* BYE " + reason;
    }
}
