package org.mailward.connector.spi.mailbox;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

/**
 * Implemented by the message-driven bean that serves mailboxes to IMAP and POP3. The adapter
 * borrows an endpoint for each call and releases it at once.
 */
public interface MailboxBackend {

    /** Called once per new connection, before anything is written to the client. */
    Greeting greet(ConnectionInfo connection);

    /**
     * Verifies a login. Called only on a TLS connection, or when the greeting allowed plaintext
     * logins. A {@link LoginResult.Outcome#BLOCKED} result means: answer, then close the connection.
     */
    LoginResult login(LoginRequest request);
}
