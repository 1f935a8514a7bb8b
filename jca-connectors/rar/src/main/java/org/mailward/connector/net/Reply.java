package org.mailward.connector.net;

import java.util.List;

/**
 * What a session sends back for one event: whole lines without their line ends (the connection
 * adds CRLF), whether the connection closes after writing them, and what the connection reads
 * next when it is not the next command line.
 */
public record Reply(List<String> lines, boolean close, Then then) {

    /** What the connection does after writing a reply, besides reading the next command. */
    public sealed interface Then {
    }

    /** Switch to TLS (STARTTLS), then call {@link ProtocolSession#tlsStarted}. */
    public record StartTls() implements Then {
    }

    /** Read dot-terminated data into the buffer, then call {@link ProtocolSession#dataReceived}. */
    public record ReadData(MessageBuffer into) implements Then {
    }

    /** Read exactly {@code size} bytes into the buffer, then call {@link ProtocolSession#dataReceived}. */
    public record ReadChunk(MessageBuffer into, long size) implements Then {
    }

    public Reply {
        lines = List.copyOf(lines);
    }

    public Reply(List<String> lines, boolean close) {
        this(lines, close, null);
    }

    public static Reply of(String... lines) {
        return new Reply(List.of(lines), false);
    }

    public static Reply closing(String... lines) {
        return new Reply(List.of(lines), true);
    }

    public static Reply then(Then then, String... lines) {
        return new Reply(List.of(lines), false, then);
    }
}
