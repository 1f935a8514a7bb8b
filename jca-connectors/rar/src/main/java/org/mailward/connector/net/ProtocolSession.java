package org.mailward.connector.net;

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

    /** The answer to a line longer than the limit; the session goes on afterwards. */
    String lineTooLong();

    /** The last line written to a client that stayed silent longer than the idle timeout. */
    String idleTimeout();

    /** The last line written when the backend could not answer. */
    String temporaryFailure(String reason);
}
