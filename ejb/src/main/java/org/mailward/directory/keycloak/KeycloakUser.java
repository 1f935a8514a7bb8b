package org.mailward.directory.keycloak;

import java.util.List;

/**
 * A user to create in Keycloak. Mailward accounts use their address as username and e-mail, and
 * carry their domain in the {@code domain} attribute (null for users outside any domain).
 */
public record KeycloakUser(String username, String email, String firstName, String lastName, String password,
                           List<String> realmRoles, String domain) {

    @Override
    public String toString() {
        return "KeycloakUser[" + username + "]";
    }
}
