package org.mailward.transport.outbound;

import org.mailward.transport.outbound.smtp.Credentials;

/**
 * A smart host (settings {@code outbound.relay-*}) that takes all outbound mail of a domain or the system.
 *
 * @param tls         verify, implicit, opportunistic or none (setting {@code outbound.relay-tls})
 * @param credentials null when no AUTH is configured
 */
public record Relay(String host, int port, String tls, Credentials credentials) {
}
