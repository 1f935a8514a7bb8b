package org.mailward.connector.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

import org.mailward.connector.spi.ConnectionInfo;

/**
 * Serves one accepted socket on its own virtual thread: TLS handshake for implicit-TLS listeners,
 * greeting, then line → session → reply until the session, the client, the idle timeout or the
 * backend ends it. Nothing a client sends may escape as an exception from here.
 */
final class ProtocolConnection implements Runnable {

    private static final Logger LOG = Logger.getLogger(ProtocolConnection.class.getName());

    private final String listener;
    private final Socket socket;
    private final SSLContext tls;
    private final ProtocolSession session;
    private final ConnectionLimits limits;
    private final ConnectionRegistry registry;
    private OutputStream out; // set once the connection can carry a reply, i.e. after the TLS handshake

    ProtocolConnection(String listener, Socket socket, SSLContext tls, ProtocolSession session,
                       ConnectionLimits limits, ConnectionRegistry registry) {
        this.listener = listener;
        this.socket = socket;
        this.tls = tls;
        this.session = session;
        this.limits = limits;
        this.registry = registry;
    }

    @Override
    public void run() {
        LOG.fine(() -> "Mailward " + listener + " connection opened from " + socket.getRemoteSocketAddress());
        try {
            serve();
        } catch (BackendUnavailableException e) {
            writeQuietly(Reply.closing(session.temporaryFailure(e.getMessage())));
        } catch (SocketTimeoutException e) {
            writeQuietly(Reply.closing(session.idleTimeout()));
        } catch (IOException e) {
            // The client went away or failed the TLS handshake: routine, nobody to answer.
            LOG.fine(() -> "Mailward " + listener + " connection from " + socket.getRemoteSocketAddress() + " ended: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Mailward " + listener + " connection from " + socket.getRemoteSocketAddress() + " failed", e);
        } finally {
            ConnectionRegistry.closeQuietly(socket);
            registry.remove(socket);
            LOG.fine(() -> "Mailward " + listener + " connection closed from " + socket.getRemoteSocketAddress());
        }
    }

    private void serve() throws IOException, BackendUnavailableException {
        socket.setSoTimeout(Math.toIntExact(limits.idleTimeout().toMillis()));
        SSLSocket secure = tls == null ? null : handshake();
        Socket channel = secure == null ? socket : secure;
        ConnectionInfo info = new ConnectionInfo(listener, (InetSocketAddress) socket.getRemoteSocketAddress(),
                (InetSocketAddress) socket.getLocalSocketAddress(), secure != null, serverName(secure));
        LineReader reader = new LineReader(channel.getInputStream(), limits.maxLineLength());
        out = new BufferedOutputStream(channel.getOutputStream());
        Reply reply = session.open(info);
        while (write(reply)) {
            LineReader.Line line = reader.read();
            if (line == null) {
                return;
            }
            reply = line.tooLong() ? Reply.of(session.lineTooLong()) : session.handle(line.text());
        }
    }

    /** The host name the client asked for (SNI): it tells which domain a bare user name belongs to. */
    private static String serverName(SSLSocket secure) {
        if (secure == null || !(secure.getSession() instanceof ExtendedSSLSession session)) {
            return null;
        }
        return session.getRequestedServerNames().stream()
                .filter(SNIHostName.class::isInstance)
                .map(name -> ((SNIHostName) name).getAsciiName())
                .findFirst().orElse(null);
    }

    private SSLSocket handshake() throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    /** Writes the reply and says whether the session goes on. */
    private boolean write(Reply reply) throws IOException {
        for (String line : reply.lines()) {
            // Backend text must not be able to smuggle in extra protocol lines.
            String safe = line.replace('\r', ' ').replace('\n', ' ');
            out.write((safe + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        return !reply.close();
    }

    private void writeQuietly(Reply reply) {
        if (out == null) {
            return;
        }
        try {
            write(reply);
        } catch (IOException e) {
            // Already closing; the client may be gone.
        }
    }
}
