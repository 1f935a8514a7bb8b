package org.mailward.connector.net;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;

/**
 * The accept loop of one listener, run as a container {@link Work}; {@link #release()} closes the
 * server socket, which ends the loop. Each accepted socket is served by a {@link ProtocolConnection}
 * on the adapter's virtual-thread executor, so a slow client never holds a container thread.
 */
public final class ListenerAcceptor implements Work, WorkContextProvider {

    private static final Logger LOG = Logger.getLogger(ListenerAcceptor.class.getName());
    private static final long ACCEPT_RETRY_PAUSE_MILLIS = 100;
    private static final long STOP_WAIT_SECONDS = 5;

    private final String name;
    private final ServerSocket serverSocket;
    private final SSLContext tls;
    private final boolean implicitTls;
    private final Supplier<? extends ProtocolSession> sessions;
    private final Executor connections;
    private final ConnectionLimits limits;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final WriteWatchdog watchdog;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean started;

    /**
     * @param serverSocket a bound server socket, owned from now on
     * @param tls          the server's TLS context, or {@code null} where TLS is not available
     * @param implicitTls  whether every connection starts with a TLS handshake; otherwise a session may
     *                     ask for one (STARTTLS) when {@code tls} is given
     * @param sessions     makes a fresh session for each connection
     */
    public ListenerAcceptor(String name, ServerSocket serverSocket, SSLContext tls, boolean implicitTls,
                            Supplier<? extends ProtocolSession> sessions, Executor connections, ConnectionLimits limits) {
        this.name = name;
        this.serverSocket = serverSocket;
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.sessions = sessions;
        this.connections = connections;
        this.limits = limits;
        this.watchdog = new WriteWatchdog(name, limits.dataTimeout());
    }

    @Override
    public void run() {
        started = true;
        LOG.info(() -> "Mailward " + name + " listening on " + serverSocket.getLocalSocketAddress()
                + (implicitTls ? " (implicit TLS)" : tls != null ? " (STARTTLS)" : ""));
        try {
            connections.execute(watchdog);
            while (!serverSocket.isClosed()) {
                Socket socket;
                try {
                    socket = serverSocket.accept();
                    // Replies are small and follow one another (a TLS session ticket, then the
                    // greeting): without this, Nagle waits for the client's delayed ACK each time.
                    socket.setTcpNoDelay(true);
                } catch (IOException e) {
                    if (!serverSocket.isClosed()) {
                        LOG.warning(() -> "Mailward " + name + " accept failed: " + e);
                        pause(); // e.g. out of file descriptors: do not spin
                    }
                    continue;
                }
                hand(socket);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void hand(Socket socket) {
        ConnectionRegistry.Admission admission = registry.add(socket, limits.maxConnections(), limits.maxConnectionsPerAddress());
        try {
            if (admission == ConnectionRegistry.Admission.ADMITTED) {
                connections.execute(new ProtocolConnection(name, socket, implicitTls ? tls : null,
                        implicitTls ? null : tls, sessions.get(), limits, registry, watchdog));
            } else if (admission == ConnectionRegistry.Admission.CLOSED) {
                ConnectionRegistry.closeQuietly(socket);
            } else {
                LOG.info(() -> "Mailward " + name + " refused a connection from " + socket.getInetAddress().getHostAddress()
                        + ": " + (admission == ConnectionRegistry.Admission.TOO_MANY ? "too many connections" : "too many connections from that address"));
                connections.execute(() -> turnAway(socket));
            }
        } catch (RejectedExecutionException e) {
            // The adapter is stopping.
            registry.remove(socket);
            ConnectionRegistry.closeQuietly(socket);
        }
    }

    // On a plain listener the client is told why; a TLS client would only see a failed handshake.
    private void turnAway(Socket socket) {
        try (socket) {
            if (!implicitTls) {
                socket.getOutputStream().write((sessions.get().tooManyConnections() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    private void pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
        }
    }

    /** Stops accepting; connections already open carry on until {@link #shutdown()}. */
    @Override
    public void release() {
        ConnectionRegistry.closeQuietly(serverSocket);
    }

    /**
     * Stops accepting, closes every live connection of this listener and waits for the accept loop
     * to end: the port stays bound while a thread is still inside {@code accept()}, and a redeploy
     * binds it again at once.
     */
    public void shutdown() {
        release();
        registry.closeAll();
        watchdog.stop();
        if (started) {
            try {
                stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isListening() {
        return serverSocket.isBound() && !serverSocket.isClosed();
    }

    public int activeConnections() {
        return registry.size();
    }

    // Tells the container's work manager (IronJacamar in WildFly) to use its long-running pool.
    @Override
    public List<WorkContext> getWorkContexts() {
        HintsContext hints = new HintsContext();
        hints.setName("mailward-" + name + "-acceptor");
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        return List.of(hints);
    }
}
