package org.mailward.connector.net;

/**
 * A backend call could not be made or failed. The message is safe to show to the client; the
 * connection answers it as a temporary failure and closes.
 */
public final class BackendUnavailableException extends Exception {

    public BackendUnavailableException(String clientReason, Throwable cause) {
        super(clientReason, cause);
    }
}
