package org.mailward.transport.outbound.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One connection to a server: commands out, replies in (RFC 5321 section 4.2), and the switch to TLS. */
final class SmtpChannel implements Closeable {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_LINES = 1000;

    private final Socket plain;
    private final String hostName;
    private final Duration commandTimeout;
    private final WriteDeadline deadline;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean tls;

    private SmtpChannel(Socket plain, SmtpTarget target) throws IOException {
        this.plain = plain;
        this.socket = plain;
        this.hostName = target.hostName();
        this.commandTimeout = target.commandTimeout();
        this.deadline = new WriteDeadline(plain, target.commandTimeout());
        try {
            streams();
        } catch (IOException e) {
            deadline.close();
            throw e;
        }
    }

    /** Connects from the target's bind address, if any, within its connect timeout. */
    static SmtpChannel connect(SmtpTarget target) throws IOException {
        Socket socket = new Socket();
        try {
            if (target.bindAddress() != null) {
                socket.bind(new InetSocketAddress(target.bindAddress(), 0));
            }
            socket.connect(new InetSocketAddress(target.address(), target.port()), millis(target.connectTimeout()));
            socket.setTcpNoDelay(true); // every write is a whole batch already; Nagle would only hold back its tail
            return new SmtpChannel(socket, target);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Runs the TLS handshake over the connection. With {@code verify}, the certificate must name the target's host.
     * Whatever the server sent in plain text after its 220 stays behind in the old buffer, so that none of it can
     * pass for a reply under TLS (RFC 3207 section 4.2).
     */
    void startTls(SSLContext context, boolean verify) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, plain.getPort(), true);
        ssl.setUseClientMode(true);
        if (verify) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
        }
        ssl.setSoTimeout(millis(commandTimeout));
        socket = ssl;
        ssl.startHandshake();
        streams();
        tls = true;
    }

    boolean tls() {
        return tls;
    }

    /** Writes the commands and flushes once: a PIPELINING batch (RFC 2920) or a single command. */
    void send(List<String> commands) throws IOException {
        for (String command : commands) {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** Where the message content goes after a 354; buffered, and under the write deadline. */
    OutputStream data() {
        return out;
    }

    /** Reads one reply, all its lines, waiting at most {@code timeout} for each read. */
    SmtpReply read(Duration timeout) throws IOException {
        socket.setSoTimeout(millis(timeout));
        int code = -1;
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            boolean last = line.length() == 3 || (line.length() > 3 && line.charAt(3) == ' ');
            if (!(last || (line.length() > 3 && line.charAt(3) == '-'))
                    || line.charAt(0) < '2' || line.charAt(0) > '5' || !digit(line.charAt(1)) || !digit(line.charAt(2))) {
                throw new ProtocolException("malformed reply line \"" + abbreviate(line) + "\"");
            }
            if (code < 0) {
                code = Integer.parseInt(line, 0, 3, 10);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (last) {
                return new SmtpReply(code, lines);
            }
            if (lines.size() == MAX_LINES) {
                throw new ProtocolException("a reply of more than " + MAX_LINES + " lines");
            }
        }
    }

    /** The write deadline closed the connection. */
    boolean writeExpired() {
        return deadline.expired();
    }

    @Override
    public void close() throws IOException {
        deadline.close();
        plain.close(); // also ends TLS, without waiting to send close_notify to a server that may not read
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
        out = new BufferedOutputStream(deadline.guard(socket.getOutputStream()), 64 * 1024);
    }

    /** A line without its CRLF (or bare LF), as UTF-8, with control characters made spaces. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (line.size() == MAX_LINE) {
                throw new ProtocolException("a reply line longer than " + MAX_LINE + " octets");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        // A reply goes into logs, the spool view and bounces: nothing in it may start a line there,
        // neither a control character nor NEL or the Unicode line and paragraph separators.
        StringBuilder clean = new StringBuilder(text.length());
        text.chars().forEach(c -> clean.append(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : (char) c));
        return clean.toString();
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
