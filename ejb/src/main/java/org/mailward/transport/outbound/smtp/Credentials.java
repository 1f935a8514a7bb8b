package org.mailward.transport.outbound.smtp;

import java.util.Objects;

/** A relay login for SMTP AUTH; {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
