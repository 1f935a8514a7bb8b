import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages per second through an SMTP server's front door, and optionally how fast they reach
 * the mailboxes behind it. Each of --concurrency threads keeps one connection open and sends
 * messages back to back on it (MAIL, RCPT for every --to, DATA), without PIPELINING, for
 * --warmup seconds and then for --duration measured seconds.
 *
 * Latency is from writing MAIL FROM to reading the 250 after the final dot. Accepted/s is the
 * messages whose MAIL FROM was written in the measured phase, over the time from the start of
 * that phase until the last of them was answered. With --delivered-command (a shell command
 * printing how many messages the mailboxes hold, one per recipient) it also waits until
 * everything accepted, warmup included, has been delivered, and reports delivered/s: the
 * messages delivered from the start of the measured phase until that moment, over that time.
 * --messages caps the messages sent in all, warmup included. The whole run is bounded: it gives
 * up after warmup + duration + 60 s, plus --delivered-timeout + 30 s when it waits for deliveries.
 *
 * java bench/SmtpBench.java [--host 127.0.0.1] [--port 2525] [--concurrency 4] [--duration 20]
 *     [--warmup 5] [--size 4096] [--from bench@sender.test] [--to user@a.test[,...]]
 *     [--helo bench.test] [--messages N] [--starttls] [--delivered-command CMD] [--delivered-timeout 120]
 */
public class SmtpBench {

    static final Map<String, LongAdder> FAILURES = new ConcurrentSkipListMap<>();
    static final Map<String, String> FIRST_FAILURE = new ConcurrentHashMap<>();
    static final AtomicLong STARTED = new AtomicLong();
    static final AtomicLong SEQUENCE = new AtomicLong();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    static final String[] WORDS = ("the of and to a in that is was for on are with as be at by this have from or "
            + "had not but what all were when we there can an your which their said if do will each about how up "
            + "out them then she many some so these would other into has more her two like him see time could no "
            + "make than first been its who now people my made over did down only way find use may water long "
            + "little very after words called just where most know get through back much before go good new write "
            + "our used me man too any day same right look think also around another came come work three word must "
            + "because does part even place well such here take why things help put years different away again off "
            + "went old number great tell men say small every found still between name should home big give air line "
            + "set own under read last never us left end along while might next sound below saw something thought "
            + "both few those always looked show large often together asked house world going want school important "
            + "until form food keep children feet land side without boy once animals life enough took sometimes four "
            + "head above kind began almost live page got earth need far hand high year mother light parts country "
            + "father let night following picture being study second eyes soon times story boys since white days "
            + "ever paper hard near sentence better best across during today others however sure means knew its try "
            + "told young miles sun ways thing whole hear example heard several change answer room sea against top "
            + "turned learn point city play toward five using himself usually meeting invoice schedule project report "
            + "attached review budget quarter deadline team agenda").split(" ");

    static String host;
    static int port;
    static int size;
    static String from;
    static List<String> recipients;
    static String helo;
    static boolean starttls;
    static long cap;
    static long measureStart;
    static long measureEnd;

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println("java bench/SmtpBench.java [--host 127.0.0.1] [--port 2525] [--concurrency 4] [--duration 20]"
                    + " [--warmup 5] [--size 4096] [--from bench@sender.test] [--to user@a.test[,...]] [--helo bench.test]"
                    + " [--messages N] [--starttls] [--delivered-command CMD] [--delivered-timeout 120]");
            return;
        }
        host = option(args, "--host", "127.0.0.1");
        port = Integer.parseInt(option(args, "--port", "2525"));
        int concurrency = Integer.parseInt(option(args, "--concurrency", "4"));
        double duration = Double.parseDouble(option(args, "--duration", "20"));
        double warmup = Double.parseDouble(option(args, "--warmup", "5"));
        size = Integer.parseInt(option(args, "--size", "4096"));
        from = option(args, "--from", "bench@sender.test");
        recipients = Arrays.stream(option(args, "--to", "user@a.test").split(",")).map(String::trim)
                .filter(r -> !r.isEmpty()).toList();
        helo = option(args, "--helo", "bench.test");
        cap = Long.parseLong(option(args, "--messages", "0"));
        starttls = List.of(args).contains("--starttls");
        String deliveredCommand = option(args, "--delivered-command", null);
        double deliveredTimeout = Double.parseDouble(option(args, "--delivered-timeout", "120"));

        // Hard cap on the whole run: both phases, a minute for the last replies, then the delivery wait.
        double limit = warmup + duration + 60 + (deliveredCommand == null ? 0 : deliveredTimeout + 30);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep((long) (limit * 1000));
                System.err.printf("hard time limit of %.0f s reached, giving up%n", limit);
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();

        System.out.printf("SMTP%s %s:%d, %d connection(s), %s messages to %d recipient(s), warmup %s s, measured %s s%s%n",
                starttls ? " with STARTTLS" : "", host, port, concurrency, sizeText(size), recipients.size(),
                number(warmup), number(duration), cap > 0 ? ", at most " + cap + " messages in all" : "");
        // One dialogue up front, so that a wrong port or a missing STARTTLS fails at once instead of in every worker.
        try (Session probe = Session.open()) {
            probe.quit();
        } catch (IOException e) {
            System.err.println("no SMTP dialogue with " + host + ":" + port + ": " + e);
            System.exit(1);
        }

        Long before = deliveredCommand == null ? null : delivered(deliveredCommand);
        long begin = System.nanoTime();
        measureStart = begin + (long) (warmup * 1e9);
        measureEnd = measureStart + (long) (duration * 1e9);
        List<Worker> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Worker worker = new Worker(t);
            worker.start();
            workers.add(worker);
        }
        // The count when the measured phase starts: what is delivered after it belongs to delivered/s.
        Long atMeasureStart = null;
        if (deliveredCommand != null) {
            sleepUntil(measureStart);
            atMeasureStart = delivered(deliveredCommand);
        }
        for (Worker worker : workers) {
            worker.join();
        }

        long accepted = 0;
        long warmupAccepted = 0;
        long lastAnswer = measureStart;
        List<Long> latencies = new ArrayList<>();
        for (Worker worker : workers) {
            accepted += worker.measured;
            warmupAccepted += worker.warmup;
            lastAnswer = Math.max(lastAnswer, worker.lastAnswer);
            for (int i = 0; i < worker.latencyCount; i++) {
                latencies.add(worker.latencies[i]);
            }
        }
        latencies.sort(null);
        long failures = FAILURES.values().stream().mapToLong(LongAdder::sum).sum();
        double elapsed = Math.max(1e-9, (lastAnswer - measureStart) / 1e9);
        double perSecond = accepted / elapsed;
        double megabytes = accepted * (double) size / 1e6 / elapsed;
        double p50 = percentile(latencies, 0.50);
        double p99 = percentile(latencies, 0.99);
        double max = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6;
        System.out.printf("accepted %d messages in %.2f s (after %d in the warmup): %.1f msg/s, %.2f MB/s;"
                        + " latency MAIL FROM to 250 after the dot: p50 %.1f ms, p99 %.1f ms, max %.1f ms; failures %d%n",
                accepted, elapsed, warmupAccepted, perSecond, megabytes, p50, p99, max, failures);
        FAILURES.forEach((key, count) -> System.out.printf("  failed %s: %d (first: %s)%n", key, count.sum(), FIRST_FAILURE.get(key)));

        String deliveredColumn = "-";
        if (deliveredCommand != null) {
            // The command counts mailbox copies: one per recipient of every message.
            int copies = recipients.size();
            long target = before + (warmupAccepted + accepted) * copies;
            long pollDeadline = System.nanoTime() + (long) (deliveredTimeout * 1e9);
            long count = atMeasureStart;
            long doneAt = 0;
            while (true) {
                try {
                    count = delivered(deliveredCommand);
                } catch (Exception e) {
                    System.err.println("delivered count failed: " + e.getMessage());
                }
                long now = System.nanoTime();
                if (count >= target) {
                    doneAt = now;
                    break;
                }
                if (now >= pollDeadline) {
                    break;
                }
                Thread.sleep(250);
            }
            System.out.println("delivered/s = messages delivered from the start of the measured phase until everything"
                    + " accepted (warmup included) was in the mailboxes, over that time (count polled every 250 ms;"
                    + " mailbox copies divided by the " + copies + " recipient(s))");
            if (doneAt == 0) {
                System.out.printf("delivery incomplete: %d of %d mailbox copies delivered %.0f s after the last message was accepted%n",
                        count - before, target - before, (System.nanoTime() - lastAnswer) / 1e9);
                deliveredColumn = "incomplete";
            } else {
                double window = (doneAt - measureStart) / 1e9;
                double deliveredPerSecond = (count - atMeasureStart) / (double) copies / window;
                System.out.printf("delivered %d messages in %.2f s from the start of the measured phase"
                                + " (%d of them left from the warmup), the last %.1f s after the last was accepted: %.1f msg/s%n",
                        (count - atMeasureStart) / copies, window, Math.max(0, target - accepted * copies - atMeasureStart) / copies,
                        (doneAt - lastAnswer) / 1e9, deliveredPerSecond);
                deliveredColumn = String.format(Locale.ROOT, "%.1f", deliveredPerSecond);
            }
        }
        System.out.println("| size | connections | accepted | accepted/s | MB/s | p50 ms | p99 ms | max ms | delivered/s | failures |");
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.1f | %.1f | %.1f | %s | %d |%n",
                sizeText(size), concurrency, accepted, perSecond, megabytes, p50, p99, max, deliveredColumn, failures);
        watchdog.interrupt();
    }

    /** One connection's messages, back to back, until the measured phase ends or the cap is reached. */
    static class Worker extends Thread {
        final List<byte[]> lines;
        long[] latencies = new long[1024];
        int latencyCount;
        long measured;
        long warmup;
        long lastAnswer;

        Worker(int index) {
            lines = bodyLines(new Random(index), size);
        }

        @Override
        public void run() {
            Session session = null;
            ByteArrayOutputStream message = new ByteArrayOutputStream(size + 1024);
            while (System.nanoTime() < measureEnd) {
                if (session == null) {
                    try {
                        session = Session.open();
                    } catch (Refused e) {
                        failed(e.key, e.getMessage());
                        pause(); // a refusing server should not turn this into a busy loop
                        continue;
                    } catch (IOException e) {
                        failed("connect " + e.getClass().getSimpleName(), e.toString());
                        pause();
                        continue;
                    }
                }
                if (cap > 0 && STARTED.incrementAndGet() > cap) {
                    break;
                }
                byte[] data = stuff(message(message, lines));
                long start = System.nanoTime();
                try {
                    if (session.send(data)) {
                        long end = System.nanoTime();
                        if (start >= measureStart) {
                            measured++;
                            lastAnswer = end;
                            if (latencyCount == latencies.length) {
                                latencies = Arrays.copyOf(latencies, 2 * latencyCount);
                            }
                            latencies[latencyCount++] = end - start;
                        } else {
                            warmup++;
                        }
                    } else if (!session.reset()) {
                        session.close();
                        session = null;
                    }
                } catch (IOException e) {
                    failed("io " + e.getClass().getSimpleName(), e.toString());
                    session.close();
                    session = null;
                }
            }
            if (session != null) {
                session.quit();
                session.close();
            }
        }
    }

    /** A connection after the greeting, EHLO and (with --starttls) STARTTLS and EHLO again. */
    static class Session implements AutoCloseable {
        Socket socket;
        InputStream in;
        OutputStream out;

        static Session open() throws IOException {
            Session session = new Session();
            Socket plain = new Socket();
            session.socket = plain;
            try {
                plain.setTcpNoDelay(true); // every command is one small write followed by a wait for the reply
                plain.connect(new InetSocketAddress(host, port), 10_000);
                plain.setSoTimeout(30_000); // well inside the hard time limit, which allows a minute after the measured phase
                session.streams();
                session.expect("greeting", session.reply(), 220);
                List<String> extensions = session.ehlo();
                if (starttls) {
                    if (extensions.stream().noneMatch(line -> line.toUpperCase(Locale.ROOT).startsWith("STARTTLS"))) {
                        throw new IOException("the server does not offer STARTTLS");
                    }
                    session.expect("STARTTLS", session.command("STARTTLS"), 220);
                    SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, host, port, true);
                    tls.startHandshake();
                    session.socket = tls;
                    session.streams();
                    session.ehlo();
                }
                return session;
            } catch (IOException | RuntimeException e) {
                session.close();
                throw e;
            }
        }

        void streams() throws IOException {
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        }

        List<String> ehlo() throws IOException {
            Reply reply = command("EHLO " + helo);
            if (reply.code == 250) { // the keywords after "250-" or "250 " on the lines after the first
                return reply.lines.subList(1, reply.lines.size()).stream().map(line -> line.length() > 4 ? line.substring(4) : "").toList();
            }
            expect("HELO", command("HELO " + helo), 250);
            return List.of();
        }

        /** One transaction; false (counted by stage and code) if the server refused any step. */
        boolean send(byte[] data) throws IOException {
            Reply reply = command("MAIL FROM:<" + from + ">");
            if (reply.code != 250) {
                return refused("MAIL", reply);
            }
            for (String recipient : recipients) {
                reply = command("RCPT TO:<" + recipient + ">");
                if (reply.code != 250 && reply.code != 251) {
                    return refused("RCPT", reply);
                }
            }
            reply = command("DATA");
            if (reply.code != 354) {
                return refused("DATA", reply);
            }
            out.write(data);
            out.flush();
            reply = reply();
            return reply.code == 250 || refused("end of DATA", reply);
        }

        /** After a refusal: RSET to go on with the next message on the same connection, unless it is closing. */
        boolean reset() {
            try {
                return command("RSET").code == 250;
            } catch (IOException e) {
                return false;
            }
        }

        boolean refused(String stage, Reply reply) {
            failed(stage + " " + reply.code, String.join(" / ", reply.lines));
            return false;
        }

        void expect(String stage, Reply reply, int code) throws IOException {
            if (reply.code != code) {
                throw new Refused(stage + " " + reply.code, String.join(" / ", reply.lines));
            }
        }

        Reply command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        /** A whole reply: lines "250-..." go on, the line "250 ..." (or a bare "250") ends it. */
        Reply reply() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = readLine();
                lines.add(line);
                if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                    return new Reply(-1, lines);
                }
                if (line.length() == 3 || line.charAt(3) != '-') {
                    return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
                }
            }
        }

        String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the server closed the connection");
                }
                if (line.length() > 8192) {
                    throw new IOException("reply line longer than 8192 bytes");
                }
                line.append((char) b);
            }
            int end = line.length();
            return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
        }

        void quit() {
            try {
                command("QUIT");
            } catch (IOException e) {
                // closing anyway
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
    }

    record Reply(int code, List<String> lines) {
    }

    /** A refusal while setting up a connection (greeting, EHLO, STARTTLS), with its stage and code. */
    static class Refused extends IOException {
        final String key;

        Refused(String key, String reply) {
            super(key + ": " + reply);
            this.key = key;
        }
    }

    /** A message of exactly --size bytes (CRLF line ends, before dot-stuffing) with its own Message-ID and Date. */
    static byte[] message(ByteArrayOutputStream buffer, List<byte[]> lines) {
        long sequence = SEQUENCE.incrementAndGet();
        String headers = "Date: " + DATE.format(ZonedDateTime.now()) + "\r\n"
                + "From: Bench Sender <" + from + ">\r\n"
                + "To: " + String.join(", ", recipients) + "\r\n"
                + "Subject: SmtpBench message " + sequence + " of run " + RUN + "\r\n"
                + "Message-ID: <" + RUN + "." + sequence + "@" + helo + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n";
        buffer.reset();
        buffer.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        // Whole lines while they fit (starting at a different one each time), then one line cut to the exact size.
        int first = (int) (sequence % lines.size());
        for (int i = 0; buffer.size() < size; i++) {
            byte[] line = lines.get((first + i) % lines.size());
            int room = size - buffer.size();
            if (line.length <= room && room - line.length != 1) {
                buffer.write(line, 0, line.length);
            } else {
                int text = Math.max(0, room - 2);
                int copied = Math.min(text, line.length - 2);
                buffer.write(line, 0, copied);
                for (int c = copied; c < text; c++) {
                    buffer.write(' ');
                }
                buffer.write('\r');
                buffer.write('\n');
            }
        }
        return buffer.toByteArray();
    }

    /** The DATA payload: a dot doubled at the start of every line, then the terminating CRLF.CRLF. */
    static byte[] stuff(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Text lines of at most 76 characters made of common words in sentences, about --size bytes of
     * them. Now and then a line starts with a dot (an ellipsis, a lone dot), as in quoted mail, so
     * that dot-stuffing has work to do.
     */
    static List<byte[]> bodyLines(Random random, int bytes) {
        List<byte[]> lines = new ArrayList<>();
        int total = 0;
        boolean sentenceStart = true;
        while (total < bytes + 200) {
            StringBuilder line = new StringBuilder();
            int kind = random.nextInt(40);
            if (kind == 0) {
                line.append('.');
            } else if (kind == 1) {
                line.append("...");
            } else if (kind == 2) {
                line.append("");
            } else {
                while (true) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    if (sentenceStart) {
                        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
                    }
                    boolean sentenceEnd = random.nextInt(12) == 0;
                    String next = (line.length() == 0 ? "" : " ") + word + (sentenceEnd ? "." : random.nextInt(15) == 0 ? "," : "");
                    if (line.length() + next.length() > 76) {
                        break;
                    }
                    line.append(next);
                    sentenceStart = sentenceEnd;
                }
            }
            byte[] bytesOfLine = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
            lines.add(bytesOfLine);
            total += bytesOfLine.length;
        }
        return lines;
    }

    /** Runs the --delivered-command and reads the integer it prints. */
    static long delivered(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("'" + command + "' took more than 30 s");
        }
        String text = new String(output, StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0 || !text.matches("\\d+")) {
            throw new IOException("'" + command + "' exited " + process.exitValue() + " printing '" + text + "', not a count");
        }
        return Long.parseLong(text);
    }

    static void failed(String key, String detail) {
        FAILURES.computeIfAbsent(key, k -> new LongAdder()).increment();
        FIRST_FAILURE.putIfAbsent(key, detail);
    }

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }

    static String sizeText(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " B";
    }

    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
