package org.mailward.connector.net;

import java.time.Duration;

/**
 * The limits every connection of a listener runs under.
 *
 * @param idleTimeout   how long a client may stay silent (also bounds the TLS handshake); zero means forever
 * @param maxLineLength the longest command line accepted, in bytes, without its line end
 */
public record ConnectionLimits(Duration idleTimeout, int maxLineLength) {
}
