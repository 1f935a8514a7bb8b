package org.mailward.directory.keycloak;

/** Keycloak did not answer, or answered that it cannot serve yet: the same call may work later. */
public class KeycloakUnreachableException extends KeycloakException {

    public KeycloakUnreachableException(String message) {
        super(message);
    }
}
