package org.mailward.connector.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.mailward.connector.auth.Credentials;
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
import org.mailward.connector.spi.mailbox.MailboxBackend;

/**
 * One POP3 conversation: the AUTHORIZATION state with USER/PASS (RFC 1939 section 7) and AUTH
 * PLAIN (RFC 5034), then the TRANSACTION state, whose mailbox commands are not implemented yet.
 * Failures carry the response codes of RFC 2449 and RFC 3206 ({@code [AUTH]}, {@code [SYS/TEMP]}).
 */
public final class Pop3Session implements ProtocolSession {

    private static final Set<SaslExchange.Mechanism> MECHANISMS = Set.of(SaslExchange.Mechanism.PLAIN);

    private final EndpointInvoker<MailboxBackend> backend;
    private final LoginGate login;
    private String user; // after USER, until PASS
    private SaslExchange pending; // an AUTH waiting for the client's next line

    public Pop3Session(EndpointInvoker<MailboxBackend> backend) {
        this.backend = backend;
        this.login = new LoginGate("pop3", request -> backend.call(mailbox -> mailbox.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(mailbox -> mailbox.greet(connection)).greeting();
        if (!greeting.accepted()) {
            return Reply.closing("-ERR " + greeting.text());
        }
        login.open(connection, greeting);
        return Reply.of("+OK " + greeting.text());
    }

    @Override
    public Reply handle(String line) throws BackendUnavailableException {
        if (pending != null) {
            SaslExchange exchange = pending;
            pending = null;
            return saslStep(exchange, exchange.respond(line));
        }
        return switch (Pop3Command.parse(line)) {
            case Pop3Command.Quit quit -> Reply.closing("+OK Mailward POP3 server signing off");
            case Pop3Command.Noop noop -> Reply.of("+OK");
            case Pop3Command.Capa capa -> capabilities();
            case Pop3Command.User command -> mayLogIn() ? user(command.name()) : refusal();
            case Pop3Command.Pass command -> mayLogIn() ? pass(command.password()) : refusal();
            case Pop3Command.Auth command -> mayLogIn() ? auth(command) : refusal();
            case Pop3Command.Malformed malformed -> Reply.of("-ERR " + malformed.reason());
            case Pop3Command.Unknown unknown -> Reply.of("-ERR Command not implemented");
        };
    }

    private Reply capabilities() {
        List<String> lines = new ArrayList<>(List.of("+OK Capability list follows"));
        if (mayLogIn()) {
            lines.addAll(List.of("USER", "SASL PLAIN"));
        }
        lines.addAll(List.of("RESP-CODES", "AUTH-RESP-CODE", "IMPLEMENTATION Mailward", "."));
        return new Reply(lines, false);
    }

    private boolean mayLogIn() {
        return login.permitted() && !login.authenticated();
    }

    private Reply refusal() {
        return Reply.of(login.authenticated() ? "-ERR Already logged in" : "-ERR Login requires a TLS connection");
    }

    private Reply user(String name) {
        user = name;
        return Reply.of("+OK Send your password");
    }

    private Reply pass(String password) throws BackendUnavailableException {
        if (user == null) {
            return Reply.of("-ERR Send USER first");
        }
        Credentials credentials = new Credentials(user, password);
        user = null;
        return verify(credentials);
    }

    private Reply auth(Pop3Command.Auth command) throws BackendUnavailableException {
        if (command.mechanism() == null) {
            return Reply.of("+OK", "PLAIN", ".");
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of("-ERR Unsupported authentication mechanism");
        }
        return saslStep(exchange.get(), exchange.get().start(command.initialResponse()));
    }

    private Reply saslStep(SaslExchange exchange, SaslStep step) throws BackendUnavailableException {
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = exchange;
                yield Reply.of("+ " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(verify.credentials());
            case SaslStep.Cancelled cancelled -> Reply.of("-ERR Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of("-ERR Invalid base64");
            case SaslStep.Malformed malformed -> Reply.of("-ERR [AUTH] Malformed credentials");
            case SaslStep.OtherIdentity other -> Reply.of("-ERR [AUTH] Proxy authorization is not supported");
        };
    }

    private Reply verify(Credentials credentials) throws BackendUnavailableException {
        LoginResult result = login.login(credentials);
        return switch (result.outcome()) {
            case SUCCESS -> Reply.of("+OK Logged in");
            case FAILED, DENIED -> Reply.of("-ERR [AUTH] " + result.text());
            case UNAVAILABLE -> Reply.of("-ERR [SYS/TEMP] " + result.text());
            case BLOCKED -> Reply.closing("-ERR " + result.text());
        };
    }

    @Override
    public Reply lineTooLong() {
        pending = null; // an over-long AUTH response ends the exchange
        return Reply.of("-ERR Line too long");
    }

    @Override
    public String idleTimeout() {
        return "-ERR Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "-ERR [SYS/TEMP] " + reason;
    }

    @Override
    public String tooManyConnections() {
        return "-ERR [SYS/TEMP] Too many connections; try again later";
    }
}
