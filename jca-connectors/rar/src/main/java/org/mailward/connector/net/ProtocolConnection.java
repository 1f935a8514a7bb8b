package org.mailward.connector.net;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLSocket;

import org.mailward.connector.spi.ConnectionInfo;

/**
 * Serves one accepted socket on its own virtual thread: TLS handshake for implicit-TLS listeners,
 * greeting, then line → session → reply until the session, the client, the idle timeout or the
 * backend ends it; in between, a reply may switch the connection to TLS or have it read message
 * data. Replies to pipelined commands are flushed together. Nothing a client sends may escape as
 * an exception from here.
 */
final class ProtocolConnection implements Runnable {

    private static final Logger LOG = Logger.getLogger(ProtocolConnection.class.getName());
    /** The streams' 512-byte default would take a large FETCH or APPEND to and from the socket in small pieces. */
    private static final int COMPRESSION_BUFFER = 16 * 1024;

    private final String listener;
    private final Socket socket;
    private final SSLContext implicitTls;
    private final SSLContext startTls;
    private final ProtocolSession session;
    private final ConnectionLimits limits;
    private final ConnectionRegistry registry;
    private final WriteWatchdog watchdog;
    private OutputStream out; // set once the connection can carry a reply, i.e. after the TLS handshake
    /** Replies pushed by the session (IMAP IDLE) and those to commands never interleave. */
    private final Object writing = new Object();
    private ClientInput input;
    /** The socket or its TLS layer, whichever carries the protocol now. */
    private Socket channel;
    /** Set once the session turned compression on; their native memory is freed when the connection ends. */
    private Deflater deflater;
    private Inflater inflater;

    /**
     * @param implicitTls the context for a handshake before the greeting, or {@code null}
     * @param startTls    the context for a handshake a session asks for, or {@code null}
     */
    ProtocolConnection(String listener, Socket socket, SSLContext implicitTls, SSLContext startTls, ProtocolSession session,
                       ConnectionLimits limits, ConnectionRegistry registry, WriteWatchdog watchdog) {
        this.listener = listener;
        this.socket = socket;
        this.implicitTls = implicitTls;
        this.startTls = startTls;
        this.session = session;
        this.limits = limits;
        this.registry = registry;
        this.watchdog = watchdog;
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
            session.close();
            ConnectionRegistry.closeQuietly(socket);
            if (deflater != null) {
                // After the session's close, which waits for any push in progress: nothing writes any more.
                deflater.end();
                inflater.end();
            }
            registry.remove(socket);
            LOG.fine(() -> "Mailward " + listener + " connection closed from " + socket.getRemoteSocketAddress());
        }
    }

    private void serve() throws IOException, BackendUnavailableException {
        socket.setSoTimeout(Math.toIntExact(limits.idleTimeout().toMillis()));
        SSLSocket secure = implicitTls == null ? null : handshake(implicitTls);
        attach(secure == null ? socket : secure);
        Reply reply = session.open(info(secure));
        while (write(reply)) {
            reply = next(reply.then());
            if (reply == null) {
                return;
            }
        }
    }

    /** What comes after a reply: the answer to the next command, or to what the reply asked for; null at the end of input. */
    private Reply next(Reply.Then then) throws IOException, BackendUnavailableException {
        return switch (then) {
            case null -> nextCommand();
            case Reply.StartTls start -> {
                int discarded = input.discardBuffered();
                if (discarded > 0) {
                    LOG.info(() -> "Mailward " + listener + " discarded " + discarded + " bytes sent by "
                            + socket.getInetAddress().getHostAddress() + " before the TLS handshake");
                }
                SSLSocket secure = handshake(startTls);
                attach(secure);
                yield session.tlsStarted(info(secure));
            }
            case Reply.Compress compress -> {
                compress();
                yield nextCommand();
            }
            case Reply.ReadData data -> {
                ClientInput.DataSummary summary = whileReadingData(() -> input.readDotTerminated(data.into()));
                yield summary == null ? null : session.dataReceived(summary.bareLineEnd());
            }
            case Reply.ReadChunk chunk -> {
                boolean complete = whileReadingData(() -> input.readExactly(chunk.size(), chunk.into()));
                yield complete ? session.dataReceived(false) : null;
            }
        };
    }

    private Reply nextCommand() throws IOException, BackendUnavailableException {
        Duration timeout = session.commandTimeout();
        socket.setSoTimeout(Math.toIntExact((timeout == null ? limits.idleTimeout() : timeout).toMillis()));
        ClientInput.Line line = input.read();
        return line == null ? null : line.tooLong() ? session.lineTooLong(line.text()) : session.handle(line.text());
    }

    private interface DataRead<T> {
        T read() throws IOException;
    }

    // The next command line sets its own timeout again.
    private <T> T whileReadingData(DataRead<T> read) throws IOException {
        socket.setSoTimeout(Math.toIntExact(limits.dataTimeout().toMillis()));
        return read.read();
    }

    private void attach(Socket channel) throws IOException {
        this.channel = channel;
        input = new ClientInput(channel.getInputStream(), limits.maxLineLength());
        synchronized (writing) {
            out = new BufferedOutputStream(watchdog.guard(channel.getOutputStream(), socket));
        }
        session.pushTo(this::push);
    }

    /**
     * Raw DEFLATE both ways (RFC 4978 section 4), each flush a sync flush so that every reply
     * reaches the client whole. A client should wait for the OK before it compresses; what it
     * sent earlier anyway is already compressed, so it goes to the inflater first.
     */
    private void compress() throws IOException {
        byte[] early = input.takeBuffered();
        inflater = new Inflater(true);
        deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        InputStream compressed = new SequenceInputStream(new ByteArrayInputStream(early), channel.getInputStream());
        input = new ClientInput(new InflaterInputStream(compressed, inflater, COMPRESSION_BUFFER), limits.maxLineLength());
        synchronized (writing) {
            out = new BufferedOutputStream(new DeflaterOutputStream(watchdog.guard(channel.getOutputStream(), socket), deflater,
                    COMPRESSION_BUFFER, true));
        }
    }

    /** A reply the session writes from another thread, while this one waits for the client. */
    private void push(Reply reply) throws IOException {
        try {
            write(reply);
            synchronized (writing) {
                out.flush();
            }
        } catch (BackendUnavailableException e) {
            throw new IOException(e);
        }
    }

    private ConnectionInfo info(SSLSocket secure) {
        return new ConnectionInfo(listener, (InetSocketAddress) socket.getRemoteSocketAddress(),
                (InetSocketAddress) socket.getLocalSocketAddress(), secure != null, serverName(secure),
                registry.size(), registry.connectionsFrom(socket.getInetAddress()));
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

    private SSLSocket handshake(SSLContext tls) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.startHandshake();
        return ssl;
    }

    /** Writes the reply and says whether the session goes on. */
    private boolean write(Reply reply) throws IOException, BackendUnavailableException {
        synchronized (writing) {
            return writeLocked(reply);
        }
    }

    private boolean writeLocked(Reply reply) throws IOException, BackendUnavailableException {
        for (String line : reply.lines()) {
            // Backend text must not be able to smuggle in extra protocol lines.
            String safe = line.replace('\r', ' ').replace('\n', ' ');
            out.write((safe + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (reply.output() != null) {
            reply.output().writeTo(out);
        }
        // A pipelining client gets the replies to a group of commands in one write.
        if (reply.close() || reply.then() != null || input == null || !input.hasBufferedInput()) {
            out.flush();
        }
        return !reply.close();
    }

    private void writeQuietly(Reply reply) {
        if (out == null) {
            return;
        }
        try {
            write(reply);
        } catch (IOException | BackendUnavailableException e) {
            // Already closing; the client may be gone.
        }
    }
}
