package org.mailward.connector.spi.auth;

import java.io.Serializable;

/**
 * The backend's verdict on a {@link LoginRequest}. The listener turns it into its protocol's
 * reply; {@code text} is safe to show to the client (it never says whether the user exists).
 *
 * @param outcome what happened
 * @param account the canonical {@code user@domain} on success, otherwise {@code null}
 * @param text    a human-readable reason for the client
 */
public record LoginResult(Outcome outcome, String account, String text) implements Serializable {

    public enum Outcome {
        /** Credentials verified and the account may use this protocol. */
        SUCCESS,
        /** Wrong credentials, unknown user, or a disabled account or domain: nothing the client may learn more of. */
        FAILED,
        /** The credentials are right, but this account may not use this service (the protocol is not enabled for it). */
        DENIED,
        /** The client's address is (now) blocked by intrusion detection: answer and close the connection. */
        BLOCKED,
        /** The identity provider could not be asked; the client may try again later. */
        UNAVAILABLE
    }

    public static LoginResult success(String account) {
        return new LoginResult(Outcome.SUCCESS, account, "Logged in");
    }

    public static LoginResult failed(String text) {
        return new LoginResult(Outcome.FAILED, null, text);
    }

    public static LoginResult denied(String text) {
        return new LoginResult(Outcome.DENIED, null, text);
    }

    public static LoginResult blocked(String text) {
        return new LoginResult(Outcome.BLOCKED, null, text);
    }

    public static LoginResult unavailable(String text) {
        return new LoginResult(Outcome.UNAVAILABLE, null, text);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
