package org.mailward.connector.spi.smtp;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;

/**
 * Implemented by the message-driven bean that decides SMTP policy. The adapter borrows an
 * endpoint for each call and releases it at once, so implementations keep no per-connection state.
 */
public interface SmtpBackend {

    /** Called once per new connection, before anything is written to the client. */
    Greeting greet(ConnectionInfo connection);
}
