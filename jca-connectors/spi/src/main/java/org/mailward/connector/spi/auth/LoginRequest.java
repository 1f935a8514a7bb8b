package org.mailward.connector.spi.auth;

import java.io.Serializable;

import org.mailward.connector.spi.ConnectionInfo;

/**
 * A client's attempt to log in over a mail protocol, as the listener decoded it (IMAP LOGIN or
 * AUTHENTICATE, POP3 USER/PASS or AUTH, SMTP AUTH PLAIN/LOGIN).
 *
 * @param connection who is asking, on which listener, with or without TLS
 * @param protocol   the service the login is for: {@code imap}, {@code pop3} or {@code smtp}
 * @param username   {@code user@domain}, or a bare {@code user} the backend may complete
 * @param password   the secret as the client sent it
 */
public record LoginRequest(ConnectionInfo connection, String protocol, String username, String password)
        implements Serializable {

    @Override
    public String toString() {
        return "LoginRequest[" + protocol + " " + username + " from " + connection.remote() + "]";
    }
}
