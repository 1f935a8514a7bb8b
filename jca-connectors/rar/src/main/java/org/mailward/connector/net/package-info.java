/**
 * Protocol-neutral networking for the listeners: the accept loop that runs as a JCA {@code Work},
 * the per-connection driver on a virtual thread (TLS handshake, idle timeout, line limits, replies),
 * the registry that lets deactivation close live connections, and the invoker that borrows a
 * message endpoint for each backend call. Protocols plug in as {@link org.mailward.connector.net.ProtocolSession}s.
 */
package org.mailward.connector.net;
