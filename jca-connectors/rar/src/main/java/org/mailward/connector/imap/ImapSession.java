package org.mailward.connector.imap;

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
 * One IMAP conversation through the not-authenticated and authenticated states (RFC 9051 sections
 * 3, 6.1, 6.2): LOGIN, AUTHENTICATE PLAIN with or without an initial response (RFC 4959), and the
 * response codes of RFC 5530. A login is offered only on TLS or where the greeting allowed it;
 * elsewhere the capabilities say {@code LOGINDISABLED}.
 */
public final class ImapSession implements ProtocolSession {

    private static final Set<SaslExchange.Mechanism> MECHANISMS = Set.of(SaslExchange.Mechanism.PLAIN);

    /** An AUTHENTICATE waiting for the client's next continuation line. */
    private record PendingAuthentication(String tag, SaslExchange exchange) {
    }

    private final EndpointInvoker<MailboxBackend> backend;
    private final LoginGate login;
    private PendingAuthentication pending;

    public ImapSession(EndpointInvoker<MailboxBackend> backend) {
        this.backend = backend;
        this.login = new LoginGate("imap", request -> backend.call(mailbox -> mailbox.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        Greeting greeting = backend.call(mailbox -> mailbox.greet(connection));
        if (!greeting.accepted()) {
            return Reply.closing("* BYE " + greeting.text());
        }
        login.open(connection, greeting);
        return Reply.of("* OK [CAPABILITY " + capabilities() + "] " + greeting.text());
    }

    @Override
    public Reply handle(String line) throws BackendUnavailableException {
        if (pending != null) {
            PendingAuthentication authentication = pending;
            pending = null;
            return authenticationStep(authentication, authentication.exchange().respond(line));
        }
        return switch (ImapCommand.parse(line)) {
            case ImapCommand.Capability capability ->
                    Reply.of("* CAPABILITY " + capabilities(), capability.tag() + " OK CAPABILITY completed");
            case ImapCommand.Noop noop -> Reply.of(noop.tag() + " OK NOOP completed");
            case ImapCommand.Logout logout ->
                    Reply.closing("* BYE Mailward IMAP server logging out", logout.tag() + " OK LOGOUT completed");
            case ImapCommand.Login command -> login(command);
            case ImapCommand.Authenticate command -> authenticate(command);
            case ImapCommand.Unknown unknown -> Reply.of(unknown.tag() + " BAD Command unknown or not implemented");
            case ImapCommand.Malformed malformed -> Reply.of(malformed.tag() + " BAD " + malformed.reason());
            case ImapCommand.Invalid invalid -> Reply.of("* BAD Invalid command");
        };
    }

    private String capabilities() {
        if (login.authenticated()) {
            return "IMAP4rev1";
        }
        return login.permitted() ? "IMAP4rev1 SASL-IR AUTH=PLAIN" : "IMAP4rev1 SASL-IR LOGINDISABLED";
    }

    private Reply login(ImapCommand.Login command) throws BackendUnavailableException {
        if (!mayLogIn()) {
            return refusal(command.tag());
        }
        return verify(command.tag(), "LOGIN", new Credentials(command.username(), command.password()));
    }

    private Reply authenticate(ImapCommand.Authenticate command) throws BackendUnavailableException {
        if (!mayLogIn()) {
            return refusal(command.tag());
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of(command.tag() + " NO [CANNOT] Unsupported authentication mechanism");
        }
        PendingAuthentication authentication = new PendingAuthentication(command.tag(), exchange.get());
        return authenticationStep(authentication, exchange.get().start(command.initialResponse()));
    }

    private boolean mayLogIn() {
        return login.permitted() && !login.authenticated();
    }

    private Reply refusal(String tag) {
        return login.authenticated()
                ? Reply.of(tag + " BAD Already authenticated")
                : Reply.of(tag + " NO [PRIVACYREQUIRED] Login requires a TLS connection");
    }

    private Reply authenticationStep(PendingAuthentication authentication, SaslStep step) throws BackendUnavailableException {
        String tag = authentication.tag();
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = authentication;
                yield Reply.of("+ " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(tag, "AUTHENTICATE", verify.credentials());
            case SaslStep.Cancelled cancelled -> Reply.of(tag + " BAD Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of(tag + " BAD Invalid base64");
            case SaslStep.Malformed malformed -> Reply.of(tag + " NO [AUTHENTICATIONFAILED] Malformed credentials");
            case SaslStep.OtherIdentity other -> Reply.of(tag + " NO [AUTHORIZATIONFAILED] Proxy authorization is not supported");
        };
    }

    private Reply verify(String tag, String command, Credentials credentials) throws BackendUnavailableException {
        LoginResult result = login.login(credentials);
        return switch (result.outcome()) {
            case SUCCESS -> Reply.of(tag + " OK [CAPABILITY " + capabilities() + "] " + command + " completed");
            case FAILED -> Reply.of(tag + " NO [AUTHENTICATIONFAILED] " + result.text());
            // RFC 5530: the password was right, the administrator has to enable the service.
            case DENIED -> Reply.of(tag + " NO [CONTACTADMIN] " + result.text());
            case UNAVAILABLE -> Reply.of(tag + " NO [UNAVAILABLE] " + result.text());
            case BLOCKED -> Reply.closing("* BYE " + result.text(), tag + " NO " + result.text());
        };
    }

    @Override
    public Reply lineTooLong() {
        if (pending != null) {
            String tag = pending.tag();
            pending = null;
            return Reply.of(tag + " BAD Line too long");
        }
        return Reply.of("* BAD Line too long");
    }

    @Override
    public String idleTimeout() {
        return "* BYE Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "* BYE " + reason;
    }

    @Override
    public String tooManyConnections() {
        return "* BYE [UNAVAILABLE] Too many connections; try again later";
    }
}
