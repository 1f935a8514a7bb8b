package org.mailward.connector.net;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * What a session sends back for one event: whole lines without their line ends (the connection
 * adds CRLF), then optionally {@link Output} written as it is, whether the connection closes
 * after writing them, and what the connection reads next when it is not the next command line.
 */
public record Reply(List<String> lines, boolean close, Then then, Output output) {

    /**
     * Bytes written after the lines, as they are: responses that carry message content (an IMAP
     * FETCH of a body), streamed from the store rather than held as text. It writes its own line
     * ends, and it must not let client-controlled text start a line of its own.
     */
    public interface Output {
        void writeTo(OutputStream out) throws IOException, BackendUnavailableException;
    }

    /** What the connection does after writing a reply, besides reading the next command. */
    public sealed interface Then {
    }

    /** Switch to TLS (STARTTLS), then call {@link ProtocolSession#tlsStarted}. */
    public record StartTls() implements Then {
    }

    /**
     * Compress both directions with raw DEFLATE from the next octet on (IMAP COMPRESS, RFC 4978);
     * the reply's own lines still go out as they are.
     */
    public record Compress() implements Then {
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

    public Reply(List<String> lines, boolean close, Then then) {
        this(lines, close, then, null);
    }

    public Reply(List<String> lines, boolean close) {
        this(lines, close, null);
    }

    /** Writes {@code output}, then reads the next command. */
    public static Reply streaming(Output output) {
        return new Reply(List.of(), false, null, output);
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
