package org.mailward.connector.net;

import java.util.List;

/**
 * What a session sends back for one event: whole lines without their line ends (the connection
 * adds CRLF), and whether the connection closes after writing them.
 */
public record Reply(List<String> lines, boolean close) {

    public Reply {
        lines = List.copyOf(lines);
    }

    public static Reply of(String... lines) {
        return new Reply(List.of(lines), false);
    }

    public static Reply closing(String... lines) {
        return new Reply(List.of(lines), true);
    }
}
