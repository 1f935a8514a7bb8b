package org.mailward.connector.spi;

import java.io.Serializable;

/**
 * The backend's answer to a new connection: welcome it with {@code text}, or turn it away
 * (for example an IDS-blocked address) with {@code text} as the reason. The listener wraps the
 * text in its protocol's framing ({@code 220}/{@code 554}, {@code * OK}/{@code * BYE}, {@code +OK}/{@code -ERR}).
 *
 * @param plaintextLoginAllowed whether the administrator allows logins on a connection without TLS;
 *                              when false the listener neither advertises nor accepts them there
 */
public record Greeting(boolean accepted, String text, boolean plaintextLoginAllowed) implements Serializable {

    public static Greeting welcome(String text, boolean plaintextLoginAllowed) {
        return new Greeting(true, text, plaintextLoginAllowed);
    }

    public static Greeting refuse(String reason) {
        return new Greeting(false, reason, false);
    }
}
