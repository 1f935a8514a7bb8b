package org.mailward.directory.keycloak;

/** Keycloak could not be reached or refused a call; the message says which and why. */
public class KeycloakException extends RuntimeException {

    public KeycloakException(String message) {
        super(message);
    }
}
