package org.mailward.connector.net;

import java.io.IOException;
import java.time.Duration;

import org.mailward.connector.spi.ConnectionInfo;

/**
 * One client's conversation in one protocol. The connection driver owns the socket, the line
 * limits and the timeouts; the session only turns events into replies, so it can be tested
 * without a socket. A session is used by one thread at a time.
 */
public interface ProtocolSession {

    /** Asks the backend whether to serve this client, and answers with the greeting or the refusal. */
    Reply open(ConnectionInfo connection) throws BackendUnavailableException;

    /** Answers one command line, given without its line end. */
    Reply handle(String line) throws BackendUnavailableException;

    /**
     * Called after the TLS handshake a {@link Reply.StartTls} asked for; the session forgets what
     * it learned before (RFC 3207 section 4.2) and answers with nothing or a new greeting.
     */
    default Reply tlsStarted(ConnectionInfo connection) throws BackendUnavailableException {
        throw new IllegalStateException(getClass().getSimpleName() + " never starts TLS");
    }

    /**
     * Called when the data a {@link Reply.ReadData} or {@link Reply.ReadChunk} asked for has
     * arrived in full.
     *
     * @param bareLineEnd whether dot-terminated data held a bare CR or LF
     */
    default Reply dataReceived(boolean bareLineEnd) throws BackendUnavailableException {
        throw new IllegalStateException(getClass().getSimpleName() + " never reads data");
    }

    /**
     * How long the client may stay silent before its next command line, asked before each one: a
     * session may allow more once logged in, or while it waits in IMAP IDLE. {@code null} means
     * the listener's idle timeout.
     */
    default Duration commandTimeout() {
        return null;
    }

    /** The answer to a line longer than the limit; it counts as a bad command where the protocol counts them. */
    Reply lineTooLong();

    /** The same, given the line's first octets: an IMAP tag there names the command refused. */
    default Reply lineTooLong(String beginning) {
        return lineTooLong();
    }

    /** The last line written to a client that stayed silent longer than the idle timeout. */
    String idleTimeout();

    /** The last line written when the backend could not answer. */
    String temporaryFailure(String reason);

    /** The only line written to a client turned away because of too many connections. */
    String tooManyConnections();

    /** Writes a reply to the client from outside the session's conversation (IMAP IDLE's updates). */
    interface Pusher {
        void push(Reply reply) throws IOException;
    }

    /** Called once the connection can carry replies, again after TLS; a session that never pushes ignores it. */
    default void pushTo(Pusher pusher) {
    }

    /** The connection has ended, however it ended: let go of what the session holds (such as a message being received). */
    default void close() {
    }
}
