package org.mailward.connector.net;

import java.time.Duration;

/**
 * The limits every connection of a listener runs under.
 *
 * @param idleTimeout          how long a client may stay silent between commands (also bounds the TLS
 *                             handshake); zero means forever
 * @param dataTimeout          how long a client may stay silent while sending message data, and how long
 *                             one write to it may stay blocked (a client that stopped reading)
 * @param maxLineLength        the longest command line accepted, in bytes, without its line end
 * @param maxConnections       connections the listener serves at once; more are turned away
 * @param maxConnectionsPerAddress connections one client address may hold at once
 */
public record ConnectionLimits(Duration idleTimeout, Duration dataTimeout, int maxLineLength,
                               int maxConnections, int maxConnectionsPerAddress) {

    /** Limits without caps on the number of connections. */
    public ConnectionLimits(Duration idleTimeout, int maxLineLength) {
        this(idleTimeout, idleTimeout, maxLineLength, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }
}
