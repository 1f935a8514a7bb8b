package org.mailward.it;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A mail protocol client on a raw socket, from a chosen loopback source address (so that tests
 * of intrusion detection block only their own address), in clear or over implicit TLS.
 */
final class RawClient implements Closeable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(15_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    static RawClient connect(String source, int port, boolean tls) throws IOException {
        return connect(source, port, tls, null);
    }

    /** Over TLS, {@code serverName} goes in the handshake's SNI extension, as clients send the host they dialled. */
    static RawClient connect(String source, int port, boolean tls, String serverName) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(source, 0));
        plain.connect(new InetSocketAddress(ItEnvironment.HOST, port), 10_000);
        if (!tls) {
            return new RawClient(plain);
        }
        SSLSocket secure = (SSLSocket) ItEnvironment.trustServerCertificate().getSocketFactory()
                .createSocket(plain, ItEnvironment.HOST, port, true);
        if (serverName != null) {
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            secure.setSSLParameters(parameters);
        }
        secure.startHandshake();
        return new RawClient(secure);
    }

    /** An IMAPS connection, greeted and logged in as {@code user} with the test password. */
    static RawClient imapLoggedIn(String user) throws IOException {
        RawClient imap = connect("127.0.0.1", 2993, true);
        imap.line();
        List<String> login = imap.exchange("l LOGIN " + user + " \"" + TestDomains.PASSWORD + "\"", "l ");
        if (!login.getLast().startsWith("l OK")) {
            imap.close();
            throw new AssertionError("IMAP login failed: " + login);
        }
        return imap;
    }

    /** The next line, or null when the server closed the connection. */
    String line() throws IOException {
        return in.readLine();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends bytes as they are, in one write. */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends octets as they are, for what is not valid UTF-8 or must reach the server byte for byte. */
    void sendBytes(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    /** Continues the same connection over TLS, as after STARTTLS or STLS. */
    void startTls() throws IOException {
        SSLSocket secure = (SSLSocket) ItEnvironment.trustServerCertificate().getSocketFactory()
                .createSocket(socket, ItEnvironment.HOST, socket.getPort(), true);
        secure.startHandshake();
        socket = secure;
        socket.setSoTimeout(15_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Compresses both ways from here on, as after IMAP's COMPRESS DEFLATE (RFC 4978): raw DEFLATE, a sync flush per send. */
    void compress() throws IOException {
        // InflaterInputStream claims input is available until the end of the stream, and a reader
        // trusting that would wait for more after a whole line: it reports only what it holds.
        InputStream inflated = new FilterInputStream(new InflaterInputStream(socket.getInputStream(), new Inflater(true))) {
            @Override
            public int available() {
                return 0;
            }
        };
        in = new BufferedReader(new InputStreamReader(inflated, StandardCharsets.UTF_8));
        out = new DeflaterOutputStream(socket.getOutputStream(), new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
    }

    /** Sends a line and reads until the line starting with {@code last} (an IMAP tag, or an SMTP/POP3 final reply). */
    List<String> exchange(String line, String last) throws IOException {
        send(line);
        return readUntil(last);
    }

    List<String> readUntil(String last) throws IOException {
        List<String> lines = new ArrayList<>();
        String reply;
        do {
            reply = line();
            if (reply == null) {
                break;
            }
            lines.add(reply);
        } while (!reply.startsWith(last));
        return lines;
    }

    /** Whether the server closed the connection (reads end of stream). */
    boolean closedByServer() throws IOException {
        return line() == null;
    }

    static String saslPlain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
