package org.mailward.connector.spi;

import java.io.Serializable;

/**
 * One protocol listener as the adapter runs it now.
 *
 * @param name              {@code smtp}, {@code submission}, {@code smtps}, {@code imap}, {@code imaps}, {@code pop3}, {@code pop3s}
 * @param host              the address it binds to
 * @param port              the TCP port
 * @param implicitTls       whether the socket speaks TLS from the first byte
 * @param listening         whether the server socket is bound and accepting
 * @param activeConnections connections being served right now
 */
public record ListenerStatus(String name, String host, int port, boolean implicitTls, boolean listening,
                             int activeConnections) implements Serializable {
}
