package org.mailward.it;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The receiving MTA of every remote domain the tests invent: an ESMTP server (RFC 5321) on
 * 127.0.0.1 with PIPELINING, SIZE, 8BITMIME, STARTTLS (a certificate made when it starts, which
 * no one trusts: delivery to it is opportunistic TLS), DSN, ENHANCEDSTATUSCODES and SMTPUTF8. It
 * answers each recipient as its {@link RemoteDomain} says and hands each accepted message to the
 * domains of its recipients. A recipient of a domain no test registered is refused: relaying is
 * not its business. It serves until the test JVM ends.
 */
final class SmtpSink {

    static final String HOST_NAME = "mx.sink.mailward.test";
    static final long MAX_SIZE = 50L * 1024 * 1024;
    private static final int MAX_COMMAND_LINE = 4096;

    private final ServerSocket server;
    private final SSLContext tls;
    private final Function<String, RemoteDomain> domains;
    private final AtomicLong queued = new AtomicLong();
    /** Whether EHLO offers DSN; a test that needs a server which does not report further turns it off. */
    private volatile boolean offerDsn = true;

    /** @param domains the registered domain of a lower-case domain name, or null */
    SmtpSink(InetAddress address, int port, Function<String, RemoteDomain> domains) throws IOException {
        this.tls = selfSignedTls();
        this.domains = domains;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(address, port));
        Thread.ofVirtual().name("smtp-sink").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (true) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().name("smtp-sink-session").start(() -> new Session(connection).run());
            } catch (IOException e) {
                throw new IllegalStateException("The SMTP sink stopped accepting connections", e);
            }
        }
    }

    /** One mail transaction: MAIL, its RCPTs, DATA (RFC 5321 section 3.3). */
    private static final class Transaction {
        final String from;
        final String parameters;
        final Map<String, String> recipients = new LinkedHashMap<>();
        /** Per domain, what its first recipient in this transaction was answered when the domain deferred it. */
        final Map<RemoteDomain, Optional<String>> attempts = new LinkedHashMap<>();

        Transaction(String from, String parameters) {
            this.from = from;
            this.parameters = parameters;
        }
    }

    void offerDsn(boolean offer) {
        offerDsn = offer;
    }

    private final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean secure;
        private String ehloName;
        private Transaction transaction;

        Session(Socket socket) {
            this.socket = socket;
        }

        void run() {
            try {
                socket.setSoTimeout(60_000);
                streams();
                reply("220 " + HOST_NAME + " ESMTP Mailward test sink");
                while (command()) {
                    // one command per round
                }
            } catch (IOException e) {
                // the client went away or stalled: nothing to deliver
            } finally {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a broken connection
                }
            }
        }

        private void streams() throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** Answers one command; false after QUIT or at the end of the input. */
        private boolean command() throws IOException {
            byte[] raw = readLine(in, MAX_COMMAND_LINE);
            if (raw == null) {
                return false;
            }
            if (raw.length > MAX_COMMAND_LINE) {
                reply("500 5.5.2 Line too long");
                return true;
            }
            String line = stripLineEnd(new String(raw, StandardCharsets.UTF_8));
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            String argument = space < 0 ? "" : line.substring(space + 1).strip();
            switch (verb) {
                case "EHLO", "HELO" -> hello(verb.equals("EHLO"), argument);
                case "STARTTLS" -> startTls(argument);
                case "MAIL" -> mail(argument);
                case "RCPT" -> rcpt(argument);
                case "DATA" -> data();
                case "RSET" -> {
                    transaction = null;
                    reply("250 2.0.0 OK");
                }
                case "NOOP" -> reply("250 2.0.0 OK");
                case "VRFY" -> reply("252 2.5.0 Cannot VRFY user, but will accept message");
                case "QUIT" -> {
                    reply("221 2.0.0 Bye");
                    return false;
                }
                default -> reply("500 5.5.1 Command not recognized");
            }
            return true;
        }

        private void hello(boolean extended, String name) throws IOException {
            if (name.isEmpty()) {
                reply("501 5.5.4 A " + (extended ? "EHLO" : "HELO") + " needs the client's name");
                return;
            }
            ehloName = name;
            transaction = null;
            if (!extended) {
                reply("250 " + HOST_NAME);
                return;
            }
            List<String> lines = new ArrayList<>(List.of(HOST_NAME + " greets " + name, "PIPELINING",
                    "SIZE " + MAX_SIZE, "8BITMIME"));
            if (!secure) {
                lines.add("STARTTLS");
            }
            if (offerDsn) {
                lines.add("DSN");
            }
            lines.addAll(List.of("ENHANCEDSTATUSCODES", "SMTPUTF8"));
            StringBuilder reply = new StringBuilder();
            for (int i = 0; i < lines.size(); i++) {
                reply.append("250").append(i < lines.size() - 1 ? '-' : ' ').append(lines.get(i)).append("\r\n");
            }
            write(reply.toString());
        }

        /** RFC 3207: after the handshake the session starts over, and what the client sent before it is discarded. */
        private void startTls(String argument) throws IOException {
            if (secure) {
                reply("503 5.5.1 TLS is already active");
            } else if (!argument.isEmpty()) {
                reply("501 5.5.4 STARTTLS takes no parameters");
            } else {
                reply("220 2.0.0 Ready to start TLS");
                SSLSocket upgraded = (SSLSocket) tls.getSocketFactory()
                        .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
                upgraded.setUseClientMode(false);
                upgraded.startHandshake();
                socket = upgraded;
                streams();
                secure = true;
                ehloName = null;
                transaction = null;
            }
        }

        private void mail(String argument) throws IOException {
            if (ehloName == null) {
                reply("503 5.5.1 Send EHLO first");
                return;
            }
            if (transaction != null) {
                reply("503 5.5.1 A transaction is open already");
                return;
            }
            String[] path = path(argument, "FROM:");
            if (path == null) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address> [parameters]");
                return;
            }
            for (String parameter : path[1].split(" ")) {
                if (parameter.regionMatches(true, 0, "SIZE=", 0, 5)) {
                    if (!parameter.substring(5).matches("[0-9]{1,18}")) {
                        reply("501 5.5.4 SIZE takes a number");
                        return;
                    }
                    if (Long.parseLong(parameter.substring(5)) > MAX_SIZE) {
                        reply("552 5.3.4 Message size exceeds fixed limit");
                        return;
                    }
                }
            }
            transaction = new Transaction(path[0], path[1]);
            reply("250 2.1.0 OK");
        }

        private void rcpt(String argument) throws IOException {
            if (transaction == null) {
                reply("503 5.5.1 Send MAIL first");
                return;
            }
            String[] path = path(argument, "TO:");
            if (path == null || path[0].isEmpty()) {
                reply("501 5.5.4 Syntax: RCPT TO:<address> [parameters]");
                return;
            }
            String address = path[0];
            RemoteDomain domain = domains.apply(RemoteMailServers.domainOf(address));
            if (domain == null) {
                reply("550 5.7.1 <" + address + ">: relay access denied");
                return;
            }
            String reply = transaction.attempts.computeIfAbsent(domain, d -> Optional.ofNullable(d.beginAttempt()))
                    .orElseGet(() -> domain.refusal(address));
            if (reply != null) {
                reply(reply);
                return;
            }
            transaction.recipients.put(address, path[1]);
            reply("250 2.1.5 OK");
        }

        private void data() throws IOException {
            if (transaction == null) {
                reply("503 5.5.1 Send MAIL first");
                return;
            }
            if (transaction.recipients.isEmpty()) {
                reply("554 5.5.1 No valid recipients");
                return;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean tooBig = false;
            while (true) {
                byte[] line = readLine(in, (int) MAX_SIZE);
                if (line == null) {
                    throw new EOFException("The client left in the middle of DATA");
                }
                if (stripLineEnd(new String(line, StandardCharsets.ISO_8859_1)).equals(".")) {
                    break;
                }
                int start = line.length > 0 && line[0] == '.' ? 1 : 0; // dot-stuffing (RFC 5321 section 4.5.2)
                tooBig |= body.size() + line.length - start > MAX_SIZE;
                if (!tooBig) {
                    body.write(line, start, line.length - start);
                }
            }
            Transaction done = transaction;
            transaction = null;
            if (tooBig) {
                reply("552 5.3.4 Message size exceeds fixed limit");
                return;
            }
            ReceivedMessage message = new ReceivedMessage(done.from, List.copyOf(done.recipients.keySet()),
                    Collections.unmodifiableMap(new LinkedHashMap<>(done.recipients)), body.toByteArray(),
                    secure, ehloName, done.parameters);
            Set<RemoteDomain> recipientDomains = new LinkedHashSet<>();
            done.recipients.keySet().forEach(address -> recipientDomains.add(domains.apply(RemoteMailServers.domainOf(address))));
            for (RemoteDomain domain : recipientDomains) {
                try {
                    domain.holdEndOfData();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Stopped while holding the end of data");
                }
            }
            recipientDomains.forEach(domain -> domain.received(message));
            reply("250 2.0.0 OK queued as SINK" + queued.incrementAndGet());
        }

        private void reply(String line) throws IOException {
            write(line + "\r\n");
        }

        private void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** "FROM:<a@b> SIZE=1" after the prefix: {address, parameters}, or null when it is no path. */
    private static String[] path(String argument, String prefix) {
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String rest = argument.substring(prefix.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return null;
        }
        return new String[] {rest.substring(1, close), rest.substring(close + 1).strip()};
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    /**
     * The next line with its line end; null at the end of the input. A line longer than {@code max}
     * is read to its end and answered as max + 1 bytes, so the caller can refuse it.
     */
    private static byte[] readLine(InputStream in, int max) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int length = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (length++ <= max) {
                line.write(b);
            }
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return null;
    }

    /** A key and self-signed certificate made by the JDK's keytool for this run only. */
    private static SSLContext selfSignedTls() throws IOException {
        Path directory = Files.createTempDirectory("smtp-sink-tls");
        Path store = directory.resolve("sink.p12");
        String password = UUID.randomUUID().toString();
        try {
            ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "sink", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                    "-dname", "CN=" + HOST_NAME, "-ext", "SAN=dns:" + HOST_NAME + ",dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass:env", "SINK_STORE_PASSWORD")
                    .redirectErrorStream(true);
            keytool.environment().put("SINK_STORE_PASSWORD", password);
            Process process = keytool.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("keytool could not make the sink's certificate: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream file = Files.newInputStream(store)) {
                keys.load(file, password.toCharArray());
            }
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while making the sink's certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot load the sink's certificate", e);
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(directory);
        }
    }
}
