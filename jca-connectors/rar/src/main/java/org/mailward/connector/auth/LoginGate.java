package org.mailward.connector.auth;

import java.util.logging.Logger;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

/**
 * One connection's login state, shared by the three protocols: whether a login may happen here
 * (TLS, or the greeting allowed plaintext logins), who logged in, and the backend call with one
 * INFO line per outcome, never the password.
 */
public final class LoginGate {

    /** The backend's {@code login}, borrowed through the session's endpoint invoker. */
    @FunctionalInterface
    public interface Verifier {
        LoginResult login(LoginRequest request) throws BackendUnavailableException;
    }

    private static final Logger LOG = Logger.getLogger(LoginGate.class.getName());
    private static final String UNAVAILABLE = "Service temporarily unavailable";
    private static final int MAX_LOGGED = 100;

    private final String protocol;
    private final Verifier verifier;
    private ConnectionInfo connection;
    private boolean plaintextLoginAllowed;
    private String account;

    /** @param protocol {@code imap}, {@code pop3} or {@code smtp}, as {@link LoginRequest#protocol()} */
    public LoginGate(String protocol, Verifier verifier) {
        this.protocol = protocol;
        this.verifier = verifier;
    }

    /**
     * Remembers the connection and what its greeting allowed. Also called after STARTTLS, which
     * forgets any earlier login (RFC 3207 section 4.2).
     */
    public void open(ConnectionInfo connection, Greeting greeting) {
        this.connection = connection;
        this.plaintextLoginAllowed = greeting.plaintextLoginAllowed();
        this.account = null;
    }

    /** Whether a login may be advertised and accepted on this connection. */
    public boolean permitted() {
        return connection != null && (connection.tls() || plaintextLoginAllowed);
    }

    public boolean authenticated() {
        return account != null;
    }

    /** The canonical account after a successful login, otherwise {@code null}. */
    public String account() {
        return account;
    }

    /** Forgets a successful login the session cannot honour (IMAP's limit of sessions per account). */
    public void revoke() {
        account = null;
    }

    /** Asks the backend; a successful result makes this connection authenticated. Call only when {@link #permitted()}. */
    public LoginResult login(Credentials credentials) throws BackendUnavailableException {
        if (!permitted() || authenticated()) {
            throw new IllegalStateException("Login not permitted on this connection now");
        }
        LoginResult result = verifier.login(new LoginRequest(connection, protocol, credentials.username(), credentials.password()));
        if (result == null || result.outcome() == null) {
            throw new BackendUnavailableException(UNAVAILABLE, new IllegalStateException("Backend returned no login outcome"));
        }
        if (result.succeeded()) {
            account = result.account() == null ? credentials.username() : result.account();
        }
        LOG.info(() -> "Mailward " + connection.listener() + " " + protocol + " login " + result.outcome()
                + " for " + printable(credentials.username()) + " from " + connection.remote());
        return result;
    }

    // The user name is the client's text: keep it from forging or scrambling log lines (controls,
    // line and paragraph separators, bidi overrides), and from filling them.
    private static String printable(String text) {
        String shown = text.codePoints().map(c -> unprintable(c) ? '?' : c).limit(MAX_LOGGED)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return text.codePointCount(0, text.length()) > MAX_LOGGED ? shown + "..." : shown;
    }

    private static boolean unprintable(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
