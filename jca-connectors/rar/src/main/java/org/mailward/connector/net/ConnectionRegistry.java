package org.mailward.connector.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of one listener, so that deactivation can close them (closing a socket
 * unblocks the virtual thread reading it, which then ends its session), and so that a client
 * cannot hold more than its share of them.
 */
public final class ConnectionRegistry {

    /** Why {@link #add} refused a connection. */
    public enum Admission { ADMITTED, CLOSED, TOO_MANY, TOO_MANY_FROM_ADDRESS }

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Records a connection within the limits; a refused one is not recorded. */
    public Admission add(Socket socket, int maxConnections, int maxPerAddress) {
        InetAddress address = socket.getInetAddress();
        int fromAddress = address == null ? 1 : perAddress.merge(address, 1, Integer::sum);
        sockets.add(socket);
        Admission admission = closed ? Admission.CLOSED
                : sockets.size() > maxConnections ? Admission.TOO_MANY
                : fromAddress > maxPerAddress ? Admission.TOO_MANY_FROM_ADDRESS
                : Admission.ADMITTED;
        if (admission != Admission.ADMITTED) {
            remove(socket);
        }
        return admission;
    }

    public void remove(Socket socket) {
        if (sockets.remove(socket) && socket.getInetAddress() != null) {
            perAddress.computeIfPresent(socket.getInetAddress(), (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    public int size() {
        return sockets.size();
    }

    /** The recorded connections from {@code address}. */
    public int connectionsFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Closes every recorded connection and refuses new ones. */
    public void closeAll() {
        closed = true;
        sockets.forEach(ConnectionRegistry::closeQuietly);
    }

    static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that fails to close.
        }
    }
}
