package org.mailward.directory.keycloak;

import jakarta.ejb.ApplicationException;

/**
 * Keycloak could not be reached or refused a call; the message says which and why. Reaches the
 * caller of a bean as is, and rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class KeycloakException extends RuntimeException {

    public KeycloakException(String message) {
        super(message);
    }
}
