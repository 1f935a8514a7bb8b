package org.mailward.connector.spi;

import java.io.Serializable;
import java.net.InetSocketAddress;

/**
 * Who is on the other end of a protocol connection, as the listener saw it.
 *
 * @param listener the listener's name, for example {@code smtp}, {@code submission}, {@code imaps}
 * @param remote   the client's address
 * @param local    the address and port the client connected to
 * @param tls      whether the connection is encrypted (implicit TLS or after STARTTLS)
 */
public record ConnectionInfo(String listener, InetSocketAddress remote, InetSocketAddress local, boolean tls)
        implements Serializable {
}
