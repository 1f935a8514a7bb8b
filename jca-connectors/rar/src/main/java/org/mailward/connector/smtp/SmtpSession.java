package org.mailward.connector.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mailward.connector.auth.LoginGate;
import org.mailward.connector.auth.SaslExchange;
import org.mailward.connector.auth.SaslStep;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.SmtpBackend;

/**
 * One SMTP conversation: greeting, then each parsed command to its reply (RFC 5321 section 4.2,
 * RFC 3463 codes), with AUTH PLAIN and LOGIN (RFC 4954, RFC 4616) after EHLO where a login is
 * permitted: on TLS, or where the greeting allowed plaintext logins.
 */
public final class SmtpSession implements ProtocolSession {

    private static final Set<SaslExchange.Mechanism> MECHANISMS =
            Set.of(SaslExchange.Mechanism.PLAIN, SaslExchange.Mechanism.LOGIN);

    private final EndpointInvoker<SmtpBackend> backend;
    private final LoginGate login;
    private String hostname = "localhost";
    private boolean extended; // the client said EHLO
    private SaslExchange pending; // an AUTH waiting for the client's next line

    public SmtpSession(EndpointInvoker<SmtpBackend> backend) {
        this.backend = backend;
        this.login = new LoginGate("smtp", request -> backend.call(smtp -> smtp.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(smtp -> smtp.greet(connection));
        if (!greeting.accepted()) {
            return Reply.closing("554 5.7.1 " + greeting.text());
        }
        login.open(connection, greeting);
        // RFC 5321 section 4.3.1: the greeting starts with the server's name, which HELO repeats.
        String text = greeting.text().strip();
        if (!text.isEmpty()) {
            hostname = text.split("\\s+", 2)[0];
        }
        return Reply.of("220 " + greeting.text());
    }

    @Override
    public Reply handle(String line) throws BackendUnavailableException {
        if (pending != null) {
            SaslExchange exchange = pending;
            pending = null;
            return saslStep(exchange, exchange.respond(line));
        }
        return switch (SmtpCommand.parse(line)) {
            case SmtpCommand.Hello hello -> hello(hello.extended());
            case SmtpCommand.Auth auth -> auth(auth);
            case SmtpCommand.Quit quit -> Reply.closing("221 2.0.0 Bye");
            case SmtpCommand.Noop noop -> Reply.of("250 2.0.0 OK");
            case SmtpCommand.Reset reset -> Reply.of("250 2.0.0 OK");
            case SmtpCommand.BadArguments bad -> Reply.of("501 5.5.4 Syntax error in " + bad.verb() + " arguments");
            case SmtpCommand.Empty empty -> Reply.of("500 5.5.2 Syntax error");
            case SmtpCommand.Unknown unknown -> Reply.of("502 5.5.1 Command not implemented");
        };
    }

    /** HELO gets one line; EHLO lists the extensions (RFC 5321 section 4.1.1.1), AUTH only where a login is permitted. */
    private Reply hello(boolean ehlo) {
        extended = ehlo;
        if (!ehlo) {
            return Reply.of("250 " + hostname + " Hello");
        }
        List<String> lines = new ArrayList<>(List.of(hostname + " Hello", "ENHANCEDSTATUSCODES"));
        if (login.permitted() && !login.authenticated()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        List<String> reply = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            reply.add((i < lines.size() - 1 ? "250-" : "250 ") + lines.get(i));
        }
        return new Reply(reply, false);
    }

    private Reply auth(SmtpCommand.Auth command) throws BackendUnavailableException {
        if (login.authenticated()) {
            return Reply.of("503 5.5.1 Already authenticated");
        }
        if (!extended) {
            return Reply.of("503 5.5.1 Send EHLO first");
        }
        if (!login.permitted()) {
            return Reply.of("538 5.7.11 Encryption required for requested authentication mechanism");
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of("504 5.5.4 Unrecognized authentication type");
        }
        return saslStep(exchange.get(), exchange.get().start(command.initialResponse()));
    }

    private Reply saslStep(SaslExchange exchange, SaslStep step) throws BackendUnavailableException {
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = exchange;
                yield Reply.of("334 " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(login.login(verify.credentials()));
            case SaslStep.Cancelled cancelled -> Reply.of("501 5.0.0 Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of("501 5.5.2 Cannot Base64-decode client response");
            case SaslStep.Malformed malformed -> Reply.of("535 5.7.8 Authentication credentials invalid");
            case SaslStep.OtherIdentity other -> Reply.of("535 5.7.8 Proxy authorization is not supported");
        };
    }

    private static Reply verify(LoginResult result) {
        return switch (result.outcome()) {
            case SUCCESS -> Reply.of("235 2.7.0 Authentication successful");
            case FAILED, DENIED -> Reply.of("535 5.7.8 " + result.text());
            case UNAVAILABLE -> Reply.of("454 4.7.0 " + result.text());
            case BLOCKED -> Reply.closing("421 4.7.0 " + result.text());
        };
    }

    @Override
    public String lineTooLong() {
        if (pending != null) {
            pending = null;
            return "500 5.5.6 Authentication Exchange line is too long";
        }
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
