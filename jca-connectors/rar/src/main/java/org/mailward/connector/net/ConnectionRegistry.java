package org.mailward.connector.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live connections of one listener, so that deactivation can close them: closing a socket
 * unblocks the virtual thread reading it, which then ends its session.
 */
public final class ConnectionRegistry {

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Records a connection; refuses it (recording nothing) once {@link #closeAll()} has run. */
    public boolean add(Socket socket) {
        sockets.add(socket);
        if (closed) {
            sockets.remove(socket);
            return false;
        }
        return true;
    }

    public void remove(Socket socket) {
        sockets.remove(socket);
    }

    public int size() {
        return sockets.size();
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
