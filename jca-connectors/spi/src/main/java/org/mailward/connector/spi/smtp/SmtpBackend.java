package org.mailward.connector.spi.smtp;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

/**
 * Implemented by the message-driven bean that decides SMTP policy and takes mail in. The adapter
 * borrows an endpoint for each call and releases it at once, so implementations keep no
 * per-connection state: every call carries the transaction so far.
 */
public interface SmtpBackend {

    /** Called once per new connection, before anything is written to the client. */
    SmtpWelcome welcome(ConnectionInfo connection);

    /**
     * Verifies a login. Called only on a TLS connection, or when the greeting allowed plaintext
     * logins. A {@link LoginResult.Outcome#BLOCKED} result means: answer, then close the connection.
     */
    LoginResult login(LoginRequest request);

    /** Decides MAIL FROM; the envelope has no recipients yet. Relay and sender rules live here. */
    SmtpReply mail(Envelope envelope);

    /** Decides one RCPT TO, given the recipients accepted before it. */
    RecipientVerdict recipient(Envelope envelope, Recipient recipient);

    /**
     * Takes the message in. A positive reply promises that the message is stored and will be
     * delivered: the listener answers {@code 250} only then, and anything else means nothing was kept.
     */
    SmtpReply deliver(Envelope envelope, MessageContent content);
}
