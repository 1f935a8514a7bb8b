package org.mailward.directory.account;

import org.mailward.directory.DirectoryException;

import java.util.Arrays;

/** An account's role inside its domain; the name is also the Keycloak realm role. */
public enum AccountRole {
    USER("user"),
    DOMAIN_ADMIN("domain-admin");

    private final String roleName;

    AccountRole(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }

    public static AccountRole of(String roleName) {
        return Arrays.stream(values()).filter(role -> role.roleName.equals(roleName)).findFirst()
                .orElseThrow(() -> DirectoryException.invalid("role must be 'user' or 'domain-admin'"));
    }
}
