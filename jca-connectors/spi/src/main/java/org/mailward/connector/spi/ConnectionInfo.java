package org.mailward.connector.spi;

import java.io.Serializable;
import java.net.InetSocketAddress;

/**
 * Who is on the other end of a protocol connection, as the listener saw it.
 *
 * @param listener            the listener's name, for example {@code smtp}, {@code submission}, {@code imaps}
 * @param remote              the client's address
 * @param local               the address and port the client connected to
 * @param tls                 whether the connection is encrypted (implicit TLS or after STARTTLS)
 * @param serverName          the host name the client asked for in the TLS handshake (SNI), or {@code null}
 * @param listenerConnections the connections the listener holds, this one included
 * @param addressConnections  the connections the listener holds from the client's address, this one included
 */
public record ConnectionInfo(String listener, InetSocketAddress remote, InetSocketAddress local, boolean tls,
                             String serverName, int listenerConnections, int addressConnections) implements Serializable {

    /** A connection whose client named no server (no TLS, or no SNI), alone on its listener. */
    public ConnectionInfo(String listener, InetSocketAddress remote, InetSocketAddress local, boolean tls) {
        this(listener, remote, local, tls, null, 1, 1);
    }
}
