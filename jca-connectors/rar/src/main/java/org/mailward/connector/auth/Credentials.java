package org.mailward.connector.auth;

/** A user name and password as the client sent them; {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
