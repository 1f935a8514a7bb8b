package org.mailward.connector.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.mailward.connector.net.ConnectionLimits;
import org.mailward.connector.net.ListenerAcceptor;
import org.mailward.connector.net.ProtocolSession;

/** One listener on an ephemeral loopback port, its accept loop on a plain thread as a fake work manager would run it. */
public final class ListenerHarness implements AutoCloseable {

    public static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(5), 64);

    private final ServerSocket serverSocket;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    public final ListenerAcceptor acceptor;

    public ListenerHarness(String name, Supplier<? extends ProtocolSession> sessions, ConnectionLimits limits, SSLContext tls)
            throws IOException {
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new ListenerAcceptor(name, serverSocket, tls, tls != null, sessions, executor, limits);
        new ThreadWorkManager().startWork(acceptor);
    }

    public ListenerHarness(String name, Supplier<? extends ProtocolSession> sessions) throws IOException {
        this(name, sessions, LIMITS, null);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public TestClient connect() throws IOException {
        return TestClient.connect(port());
    }

    @Override
    public void close() {
        acceptor.shutdown();
        executor.shutdownNow();
    }
}
