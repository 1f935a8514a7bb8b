package org.mailward.directory.account;

import java.util.List;

/**
 * A new account, or the changes to one; null components stay as they are (or take the defaults
 * when creating). The password is only read, never stored by Mailward: it goes to Keycloak.
 */
public record AccountChanges(String localPart, String displayName, String password, Boolean enabled, String role,
                             Long quotaMb, List<String> protocols) {
}
