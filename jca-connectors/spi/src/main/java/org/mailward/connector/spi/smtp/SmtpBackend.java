package org.mailward.connector.spi.smtp;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

/**
 * Implemented by the message-driven bean that decides SMTP policy. The adapter borrows an
 * endpoint for each call and releases it at once, so implementations keep no per-connection state.
 */
public interface SmtpBackend {

    /** Called once per new connection, before anything is written to the client. */
    Greeting greet(ConnectionInfo connection);

    /**
     * Verifies a login. Called only on a TLS connection, or when the greeting allowed plaintext
     * logins. A {@link LoginResult.Outcome#BLOCKED} result means: answer, then close the connection.
     */
    LoginResult login(LoginRequest request);
}
