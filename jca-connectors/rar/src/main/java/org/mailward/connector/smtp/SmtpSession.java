package org.mailward.connector.smtp;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.smtp.SmtpBackend;

/** One SMTP conversation: greeting, then each parsed command to its reply (RFC 5321 section 4.2, RFC 3463 codes). */
public final class SmtpSession implements ProtocolSession {

    private final EndpointInvoker<SmtpBackend> backend;
    private String hostname = "localhost";

    public SmtpSession(EndpointInvoker<SmtpBackend> backend) {
        this.backend = backend;
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(smtp -> smtp.greet(connection));
        if (!greeting.accepted()) {
            return Reply.closing("554 5.7.1 " + greeting.text());
        }
        // RFC 5321 section 4.3.1: the greeting starts with the server's name, which HELO repeats.
        String text = greeting.text().strip();
        if (!text.isEmpty()) {
            hostname = text.split("\\s+", 2)[0];
        }
        return Reply.of("220 " + greeting.text());
    }

    @Override
    public Reply handle(String line) {
        return switch (SmtpCommand.parse(line)) {
            case SmtpCommand.Hello hello -> Reply.of("250 " + hostname + " Hello");
            case SmtpCommand.Quit quit -> Reply.closing("221 2.0.0 Bye");
            case SmtpCommand.Noop noop -> Reply.of("250 2.0.0 OK");
            case SmtpCommand.Reset reset -> Reply.of("250 2.0.0 OK");
            case SmtpCommand.Empty empty -> Reply.of("500 5.5.2 Syntax error");
            case SmtpCommand.Unknown unknown -> Reply.of("502 5.5.1 Command not implemented");
        };
    }

    @Override
    public String lineTooLong() {
        return "500 5.5.2 Line too long";
    }

    @Override
    public String idleTimeout() {
        return "421 4.4.2 Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "421 4.3.2 " + reason;
    }
}
