import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiving SMTP server that keeps nothing: it answers EHLO with PIPELINING, 8BITMIME and SIZE,
 * takes every transaction, and writes the number of messages received so far to --count-file
 * (for SmtpBench's --delivered-command). Listens on 127.0.0.1 only; stops after --max-seconds.
 *
 * java bench/SmtpSink.java --port 10025 --count-file /tmp/sink.count [--max-seconds 3600]
 */
public class SmtpSink {

    static final AtomicLong RECEIVED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int port = 10025;
        Path countFile = Path.of("sink.count");
        long maxSeconds = 3600;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--count-file" -> countFile = Path.of(args[i + 1]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path counts = countFile;
        Files.writeString(counts, "0\n");
        var executor = Executors.newCachedThreadPool();
        executor.submit(() -> {
            long written = -1;
            while (true) {
                long now = RECEIVED.get();
                if (now != written) {
                    Path temporary = Path.of(counts + ".tmp");
                    Files.writeString(temporary, now + "\n");
                    Files.move(temporary, counts, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    written = now;
                }
                Thread.sleep(50);
            }
        });
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
            System.out.println("sink listening on 127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
            server.setSoTimeout(1000);
            while (System.nanoTime() < deadline) {
                try {
                    Socket socket = server.accept();
                    executor.submit(() -> serve(socket));
                } catch (java.net.SocketTimeoutException e) {
                    // checks the deadline
                }
            }
        }
        System.exit(0);
    }

    static Void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(300_000);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            reply(out, "220 sink.test ESMTP", true);
            String line;
            while ((line = readLine(in)) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                boolean more = in.available() > 0; // pipelined commands: answer them together
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 104857600", !more);
                    case "HELO" -> reply(out, "250 sink.test", !more);
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 ok", !more);
                    case "DATA" -> {
                        reply(out, "354 go ahead", true);
                        while (!".".equals(line = readLine(in))) {
                            if (line == null) {
                                return null;
                            }
                        }
                        RECEIVED.incrementAndGet();
                        reply(out, "250 2.0.0 taken", in.available() == 0);
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye", true);
                        return null;
                    }
                    default -> reply(out, "502 5.5.2 not here", !more);
                }
            }
        } catch (IOException e) {
            // the client went away
        }
        return null;
    }

    static void reply(OutputStream out, String text, boolean flush) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (flush) {
            out.flush();
        }
    }

    /** A line without its CRLF, or null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }
}
