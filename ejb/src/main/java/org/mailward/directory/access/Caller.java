package org.mailward.directory.access;

import java.io.Serializable;
import java.util.Locale;

/**
 * Who asks the directory for something: the authenticated user's name (for accounts, their address)
 * and whether their token carries the system-admin role. Domain-admin and user powers are read from
 * the directory itself, never taken from the caller's word.
 */
public record Caller(String username, boolean systemAdmin) implements Serializable {

    public Caller {
        username = username.toLowerCase(Locale.ROOT);
    }
}
