package org.mailward.transport.outbound.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * An SMTP server for one connection on 127.0.0.1, answering as configured and recording what it got: each command
 * (with whether it came under TLS and whether more input was already waiting behind it, which is how a PIPELINING
 * batch shows) and the raw DATA content, dot-stuffing and all.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    /** As a reply: say nothing more and wait for the client to hang up. */
    static final String SILENT = "(silent)";
    /** As a reply: close the connection without a word. */
    static final String CLOSE = "(close)";

    record Command(String line, boolean tls, boolean moreWaiting) {
    }

    /** A self-signed certificate for localhost/127.0.0.1: the server's context, and a client context trusting it. */
    record Tls(SSLContext server, SSLContext trustingIt) {
    }

    private final ServerSocket listener;
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, String> replies = new LinkedHashMap<>();
    private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private String greeting = "220 mx.test ESMTP";
    private String endOfData = "250 2.0.0 queued as 1";
    private boolean readData = true;
    private SSLContext tls;
    private boolean implicitTls;
    private String login;
    private Thread thread;
    private volatile Socket socket;
    private volatile boolean handshakeFailed;

    ScriptedSmtpServer() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(10_000);
    }

    ScriptedSmtpServer offering(String... keywords) {
        extensions.addAll(List.of(keywords));
        return this;
    }

    ScriptedSmtpServer greeting(String greeting) {
        this.greeting = greeting;
        return this;
    }

    /** Answers commands starting with {@code prefix} (case-insensitive) with {@code reply}; CRLF separates lines. */
    ScriptedSmtpServer reply(String prefix, String reply) {
        replies.put(prefix.toUpperCase(Locale.ROOT), reply);
        return this;
    }

    ScriptedSmtpServer endOfData(String reply) {
        this.endOfData = reply;
        return this;
    }

    /** Answers DATA with 354 and then reads nothing more, like a server that has stopped. */
    ScriptedSmtpServer stopReadingAtData() {
        this.readData = false;
        return this;
    }

    /** STARTTLS (or, with {@code implicit}, TLS from the first byte) with this context. */
    ScriptedSmtpServer tls(SSLContext context, boolean implicit) {
        this.tls = context;
        this.implicitTls = implicit;
        return this;
    }

    /** AUTH PLAIN and LOGIN accept only this user and password. */
    ScriptedSmtpServer login(String username, String password) {
        this.login = "\0" + username + "\0" + password;
        return this;
    }

    ScriptedSmtpServer start() {
        thread = Thread.ofPlatform().name("scripted-smtp").daemon().start(this::serve);
        return this;
    }

    int port() {
        return listener.getLocalPort();
    }

    SmtpTarget target(TlsPolicy policy) {
        return target(policy, null, Duration.ofSeconds(5));
    }

    SmtpTarget target(TlsPolicy policy, Credentials credentials, Duration commandTimeout) {
        return new SmtpTarget("localhost", InetAddress.getLoopbackAddress(), port(), implicitTls, policy,
                "client.test", null, credentials, Duration.ofSeconds(5), commandTimeout);
    }

    /** Waits for the session to end, then returns what the client sent. */
    List<Command> commands() throws InterruptedException {
        awaitEnd();
        return List.copyOf(commands);
    }

    List<String> lines() throws InterruptedException {
        return commands().stream().map(Command::line).toList();
    }

    /** Commands grouped as they arrived: each group was waiting in the input together. */
    List<List<String>> batches() throws InterruptedException {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (Command command : commands()) {
            batch.add(command.line());
            if (!command.moreWaiting()) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** The DATA content as received, before un-stuffing, without the final ".CRLF". */
    String data() throws InterruptedException {
        awaitEnd();
        synchronized (data) {
            return data.toString(StandardCharsets.UTF_8);
        }
    }

    boolean handshakeFailed() throws InterruptedException {
        awaitEnd();
        return handshakeFailed;
    }

    @Override
    public void close() throws Exception {
        listener.close();
        Socket open = socket;
        if (open != null) {
            open.close();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void awaitEnd() throws InterruptedException {
        thread.join(10_000);
        if (thread.isAlive()) {
            throw new IllegalStateException("the SMTP session did not end");
        }
    }

    private void serve() {
        try (Socket accepted = listener.accept()) {
            accepted.setSoTimeout(10_000);
            accepted.setTcpNoDelay(true);
            Session session = new Session(accepted);
            session.run();
        } catch (IOException e) {
            // the client hung up or timed out, which is what some tests are about
        }
    }

    private final class Session {
        private Socket current;
        private InputStream in;
        private OutputStream out;
        private boolean underTls;
        private boolean mailAccepted;
        private int accepted;

        Session(Socket accepted) throws IOException {
            use(accepted);
        }

        void run() throws IOException {
            if (implicitTls && !upgrade()) {
                return;
            }
            if (answer(greeting) || greeting.startsWith("421")) {
                return;
            }
            for (String line; (line = readLine()) != null; ) {
                commands.add(new Command(line, underTls, in.available() > 0));
                String verb = line.toUpperCase(Locale.ROOT);
                String scripted = scripted(verb);
                if (verb.startsWith("QUIT")) {
                    answer(scripted != null ? scripted : "221 2.0.0 bye");
                    return;
                }
                if (scripted != null && !verb.startsWith("DATA") && !verb.startsWith("MAIL") && !verb.startsWith("RCPT")) {
                    if (answer(scripted)) {
                        return;
                    }
                    continue;
                }
                if (!handle(verb, line, scripted)) {
                    return;
                }
            }
        }

        /** Returns false when the session is over. */
        private boolean handle(String verb, String line, String scripted) throws IOException {
            if (verb.startsWith("EHLO")) {
                StringBuilder reply = new StringBuilder("250");
                reply.append(extensions.isEmpty() ? " " : "-").append("mx.test");
                for (int i = 0; i < extensions.size(); i++) {
                    reply.append("\r\n250").append(i == extensions.size() - 1 ? " " : "-").append(extensions.get(i));
                }
                return !answer(reply.toString());
            } else if (verb.startsWith("HELO")) {
                return !answer("250 mx.test");
            } else if (verb.equals("STARTTLS")) {
                return !answer("220 2.0.0 ready to start TLS") && upgrade();
            } else if (verb.startsWith("AUTH PLAIN ")) {
                return !answer(loginReply(decode(line.substring(11))));
            } else if (verb.equals("AUTH LOGIN")) {
                answer("334 VXNlcm5hbWU6");
                String username = readLine();
                commands.add(new Command(username, underTls, false));
                answer("334 UGFzc3dvcmQ6");
                String password = readLine();
                commands.add(new Command(password, underTls, false));
                return !answer(loginReply("\0" + decode(username) + "\0" + decode(password)));
            } else if (verb.startsWith("MAIL")) {
                String reply = scripted != null ? scripted : "250 2.1.0 ok";
                mailAccepted = reply.startsWith("2");
                return !answer(reply);
            } else if (verb.startsWith("RCPT")) {
                String reply = scripted != null ? scripted : mailAccepted ? "250 2.1.5 ok" : "503 5.5.1 MAIL first";
                accepted += reply.startsWith("2") ? 1 : 0;
                return !answer(reply);
            } else if (verb.equals("DATA")) {
                String reply = scripted != null ? scripted : accepted > 0 ? "354 go ahead" : "554 5.5.1 no valid recipients";
                if (answer(reply)) {
                    return false;
                }
                if (!reply.startsWith("354")) {
                    return true;
                }
                if (!readData) {
                    awaitClose();
                    return false;
                }
                readContent();
                return !answer(endOfData);
            } else if (verb.equals("RSET")) {
                return !answer("250 2.0.0 ok");
            }
            return !answer("502 5.5.2 not implemented");
        }

        private String scripted(String verb) {
            return replies.entrySet().stream().filter(entry -> verb.startsWith(entry.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        private String loginReply(String credentials) {
            return credentials.equals(login) ? "235 2.7.0 authenticated" : "535 5.7.8 authentication credentials invalid";
        }

        private String decode(String base64) {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        }

        /** Writes the reply; true when the session ends here (CLOSE, or SILENT until the client hangs up). */
        private boolean answer(String reply) throws IOException {
            if (reply.equals(CLOSE)) {
                current.close();
                return true;
            }
            if (reply.equals(SILENT)) {
                while (in.read() >= 0) {
                    // discard until the client gives up
                }
                return true;
            }
            out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return false;
        }

        /** Reads nothing until the test closes the server, so that the client's writes back up. */
        private void awaitClose() {
            while (!listener.isClosed()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private void readContent() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                line.write(b);
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    if (new String(bytes, StandardCharsets.ISO_8859_1).equals(".\r\n")) {
                        return;
                    }
                    synchronized (data) {
                        data.write(bytes);
                    }
                    line.reset();
                }
            }
            throw new IOException("the connection ended inside DATA");
        }

        private boolean upgrade() throws IOException {
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(current, null, current.getPort(), true);
            ssl.setUseClientMode(false);
            try {
                ssl.startHandshake();
            } catch (IOException e) {
                handshakeFailed = true;
                ssl.close();
                return false;
            }
            use(ssl);
            underTls = true;
            return true;
        }

        private void use(Socket next) throws IOException {
            current = next;
            socket = next;
            in = new BufferedInputStream(next.getInputStream());
            out = next.getOutputStream();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    return null;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    /** Makes a PKCS12 key pair for localhost with the JDK's keytool, as the adapter's tests do. */
    static Tls selfSignedTls(Path dir) throws Exception {
        Path keystore = dir.resolve("mx.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mx", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("mx", keys.getCertificate("mx"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
        return new Tls(server, client);
    }
}
