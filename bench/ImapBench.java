import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IMAP benchmark for any IMAP server (issue 6): logins, FETCH of whole messages, SEARCH TEXT over
 * a 10,000-message mailbox, and how many IDLE sessions a server holds and how fast they hear of
 * new mail; and POP3 RETR of whole messages (issue 7), its INBOX filled over IMAP. Raw sockets,
 * plain IMAP and POP3 (no STARTTLS) or IMAPS and POP3S with --tls trusting any certificate.
 *
 * java bench/ImapBench.java MODE [options]       MODE: login | fetch | search | idle | pop3
 *
 * Server and accounts, either given:
 *   --host 127.0.0.1 --port 143 [--tls] --user 'user%d@a.test' --password P [--accounts 100]
 *     (%d in --user is replaced by 0 .. accounts-1; without %d there is one account)
 * or, for Mailward, made by the benchmark through its REST API from the running server's data dir:
 *   --mailward data [--domain NAME] [--keep] [--accounts 100]
 *     creates the domain (default imapbench-<random>.test) and accounts user0.. with a fixed password,
 *     allows plaintext logins for the run unless --tls, deletes all of it afterwards unless --keep;
 *     port default 2143 (2993 with --tls).
 *
 * Common: --concurrency 4,16   --warmup 5   --duration 15   (seconds per cell)
 * fetch:  --size 4096,102400   --messages 200       folder imapbench-fetch-SIZE of the first account
 * search: --messages 10000     --concurrency 1,4,16 folder imapbench-search of the first account, reused
 *         when it already holds exactly --messages messages; --index-timeout 600
 * pop3:   --size 4096,102400   --messages 200   --pop3-port 2110 (2995 with --tls; Dovecot 110/995)
 *         the INBOX of account N holds the messages of the Nth size (so --accounts >= sizes; an
 *         INBOX with other mail is refused); USER/PASS, then RETR of message after message
 * idle:   --sessions 10000 --accounts 100 --ramp-parallel 32 --ramp-timeout 600 --notify-timeout 60
 *         --hold 10 --deliverers 4 [--smtp PORT] [--server-pid PID] [--heap-limit-mb N]
 *         [--mem-command CMD] [--check-every 1000]
 */
public class ImapBench {

    static final String WEB = "http://127.0.0.1:8080/api/v1";
    static final String KEYCLOAK = "http://127.0.0.1:8180/realms/mailward/protocol/openid-connect/token";
    static final String MAILWARD_PASSWORD = "Bench-Imap-Password-2026!";
    static final HttpClient HTTP = HttpClient.newHttpClient();
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
    /** SEARCH TEXT words: in message i (0-based) when i % modulus == remainder; none of them occurs otherwise. */
    static final String[][] SEARCH_WORDS = {{"quokkastrom", "100", "7"}, {"vexillarium", "1000", "3"}, {"zyxwvutsrqp", "0", "0"}};

    static String host;
    static int port;
    static boolean tls;
    static SSLSocketFactory sslFactory;
    static List<String> users = new ArrayList<>();
    static String password;
    static String[] args;
    static final Map<String, LongAdder> FAILURES = new ConcurrentSkipListMap<>();
    static final Map<String, String> FIRST_FAILURE = new ConcurrentHashMap<>();

    public static void main(String[] arguments) throws Exception {
        args = arguments;
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: java bench/ImapBench.java login|fetch|search|idle|pop3 [options]; see the comment at the top of the file");
            System.exit(2);
        }
        String mode = args[0];
        tls = flag("--tls");
        host = option("--host", "127.0.0.1");
        int accounts = Integer.parseInt(option("--accounts", switch (mode) {
            case "idle" -> "100";
            case "login" -> "50";
            case "pop3" -> Integer.toString(option("--size", "4096,102400").split(",").length);
            default -> "1";
        }));
        Mailward mailward = null;
        if (option("--mailward", null) != null) {
            port = Integer.parseInt(option("--port", tls ? "2993" : "2143"));
            mailward = new Mailward(Path.of(option("--mailward", null)), option("--domain", null), flag("--keep"));
            mailward.setUp(accounts, !tls);
            if (mode.equals("idle")) {
                mailward.raiseConnectionLimits(Integer.parseInt(option("--sessions", "10000")), accounts);
            }
            users.addAll(mailward.users);
            password = MAILWARD_PASSWORD;
        } else {
            port = Integer.parseInt(option("--port", tls ? "993" : "143"));
            String user = option("--user", null);
            password = option("--password", null);
            if (user == null || password == null) {
                System.err.println("--user and --password (or --mailward DATA_DIR) are required");
                System.exit(2);
            }
            if (user.contains("%d")) {
                for (int i = 0; i < accounts; i++) {
                    users.add(user.replace("%d", Integer.toString(i)));
                }
            } else {
                users.add(user);
            }
        }
        if (tls) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() { // a benchmark against self-signed test servers
                public void checkClientTrusted(X509Certificate[] chain, String type) {
                }

                public void checkServerTrusted(X509Certificate[] chain, String type) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            sslFactory = context.getSocketFactory();
        }
        System.out.printf("ImapBench %s against %s:%d (%s), %d account(s), %s, %d cores%n", mode, host, port,
                tls ? "IMAPS" : "plain IMAP", users.size(), ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + "Z",
                Runtime.getRuntime().availableProcessors());
        try {
            switch (mode) {
                case "login" -> login();
                case "fetch" -> fetch();
                case "search" -> search();
                case "idle" -> idle();
                case "pop3" -> pop3();
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            }
        } finally {
            if (mailward != null) {
                mailward.tearDown();
            }
            if (!FAILURES.isEmpty()) {
                System.out.println("failures:");
                FAILURES.forEach((what, count) -> System.out.printf("  %6d  %s   first: %s%n", count.sum(), what, FIRST_FAILURE.get(what)));
            }
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------
    // The measurement harness: `concurrency` threads, each with its own state (a connection), run an
    // operation back to back; operations that start after the warm-up and end within the measured
    // period count.

    interface Op {
        /** Runs once; returns the bytes it transferred (0 if that means nothing). */
        long run() throws Exception;
    }

    interface Worker extends Op, Closeable {
    }

    interface WorkerFactory {
        Worker open(int thread) throws Exception;
    }

    record Cell(long ops, double seconds, double perSecond, double mbPerSecond, double p50, double p99, double max, long failures) {
    }

    static Cell measure(int concurrency, double warmup, double duration, WorkerFactory factory) throws InterruptedException {
        ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
        LongAdder failures = new LongAdder();
        CountDownLatch ready = new CountDownLatch(concurrency);
        AtomicLong begin = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                Worker state = null;
                try {
                    state = factory.open(thread);
                } catch (Exception e) {
                    failure("open", e);
                    failures.increment();
                } finally {
                    ready.countDown();
                }
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long start = begin.get();
                long measureStart = start + (long) (warmup * 1e9);
                long measureEnd = measureStart + (long) (duration * 1e9);
                List<long[]> mine = new ArrayList<>();
                int consecutiveFailures = 0;
                while (System.nanoTime() < measureEnd && consecutiveFailures < 20) {
                    try {
                        if (state == null) {
                            state = factory.open(thread);
                        }
                        long opStart = System.nanoTime();
                        long bytes = state.run();
                        long opEnd = System.nanoTime();
                        consecutiveFailures = 0;
                        if (opEnd >= measureStart && opEnd <= measureEnd) { // completed in the measured period
                            mine.add(new long[]{opEnd - opStart, bytes});
                        }
                    } catch (Exception e) {
                        failure("op", e);
                        consecutiveFailures++;
                        if (System.nanoTime() >= measureStart) {
                            failures.increment();
                        }
                        closeQuietly(state);
                        state = null;
                    }
                }
                closeQuietly(state);
                latencies.addAll(mine);
            });
            worker.start();
            threads.add(worker);
        }
        ready.await();
        begin.set(System.nanoTime());
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> sorted = new ArrayList<>();
        long bytes = 0;
        for (long[] sample : latencies) {
            sorted.add(sample[0]);
            bytes += sample[1];
        }
        Collections.sort(sorted);
        return new Cell(sorted.size(), duration, sorted.size() / duration, bytes / 1e6 / duration, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6, failures.sum());
    }

    static double percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }

    static void failure(String what, Exception e) {
        String key = what + " " + e.getClass().getSimpleName();
        FAILURES.computeIfAbsent(key, k -> new LongAdder()).increment();
        FIRST_FAILURE.putIfAbsent(key, String.valueOf(e.getMessage()));
    }

    static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException ignored) {
            }
        }
    }

    static List<Integer> concurrencies(String fallback) {
        List<Integer> levels = new ArrayList<>();
        for (String level : option("--concurrency", fallback).split(",")) {
            levels.add(Integer.parseInt(level.trim()));
        }
        return levels;
    }

    // ---------------------------------------------------------------------------------------------
    // login: connect, LOGIN, LOGOUT, accounts in turn

    static void login() throws Exception {
        double warmup = Double.parseDouble(option("--warmup", "5"));
        double duration = Double.parseDouble(option("--duration", "15"));
        AtomicInteger next = new AtomicInteger();
        List<String> rows = new ArrayList<>();
        System.out.printf("%11s %9s %9s %9s %9s %9s%n", "concurrency", "logins", "per_s", "p50_ms", "p99_ms", "failed");
        for (int concurrency : concurrencies("4,16")) {
            Cell cell = measure(concurrency, warmup, duration, thread -> new Worker() {
                public long run() throws Exception {
                    String user = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
                    try (Imap imap = Imap.open(4096)) {
                        imap.login(user, password);
                        imap.command("LOGOUT");
                    }
                    return 0;
                }

                public void close() {
                }
            });
            System.out.printf("%11d %9d %9.1f %9.2f %9.2f %9d%n", concurrency, cell.ops(), cell.perSecond(), cell.p50(), cell.p99(), cell.failures());
            rows.add(String.format(Locale.ROOT, "| login | %d | %.1f logins/s | %.2f | %.2f | %d |", concurrency, cell.perSecond(), cell.p50(), cell.p99(), cell.failures()));
        }
        System.out.println();
        System.out.println("| mode | connections | rate | p50 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    // ---------------------------------------------------------------------------------------------
    // fetch: UID FETCH uid BODY.PEEK[] over a mailbox of equal-sized messages

    static void fetch() throws Exception {
        double warmup = Double.parseDouble(option("--warmup", "5"));
        double duration = Double.parseDouble(option("--duration", "15"));
        int messages = Integer.parseInt(option("--messages", "200"));
        String user = users.get(0);
        List<String> rows = new ArrayList<>();
        for (String sizeText : option("--size", "4096,102400").split(",")) {
            int size = Integer.parseInt(sizeText.trim());
            String folder = "imapbench-fetch-" + size;
            populate(user, folder, messages, i -> message(i, size, folder, null));
            List<Long> uids;
            try (Imap imap = Imap.open(65536)) {
                imap.login(user, password);
                imap.command("EXAMINE " + folder);
                uids = imap.searchUids("UID SEARCH ALL");
                imap.command("LOGOUT");
            }
            if (uids.size() != messages) {
                throw new IllegalStateException(folder + " holds " + uids.size() + " messages, expected " + messages);
            }
            System.out.printf("%nfetch %d-byte messages, %d in %s%n", size, messages, folder);
            System.out.printf("%11s %9s %9s %9s %9s %9s %9s %9s%n", "concurrency", "fetched", "msgs_s", "MB_s", "p50_ms", "p99_ms", "max_ms", "failed");
            for (int concurrency : concurrencies("4,16")) {
                Cell cell = measure(concurrency, warmup, duration, thread -> {
                    Imap imap = Imap.open(131072);
                    imap.login(user, password);
                    imap.command("EXAMINE " + folder);
                    return new Worker() {
                        int i = thread * 7919;

                        public long run() throws Exception {
                            long uid = uids.get(Math.floorMod(i++, uids.size()));
                            Response response = imap.command("UID FETCH " + uid + " BODY.PEEK[]");
                            if (response.literals.size() != 1 || response.literals.get(0) != size) {
                                throw new IllegalStateException("UID FETCH " + uid + " returned literals " + response.literals + ", expected one of " + size + " bytes");
                            }
                            return size;
                        }

                        public void close() {
                            closeQuietly(imap);
                        }
                    };
                });
                System.out.printf("%11d %9d %9.1f %9.2f %9.2f %9.2f %9.2f %9d%n", concurrency, cell.ops(), cell.perSecond(), cell.mbPerSecond(),
                        cell.p50(), cell.p99(), cell.max(), cell.failures());
                rows.add(String.format(Locale.ROOT, "| fetch %s | %d | %.1f msgs/s, %.2f MB/s | %.2f | %.2f | %d |", size >= 1024 ? size / 1024 + " KB" : size + " B",
                        concurrency, cell.perSecond(), cell.mbPerSecond(), cell.p50(), cell.p99(), cell.failures()));
            }
        }
        System.out.println();
        System.out.println("| mode | connections | rate | p50 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    // ---------------------------------------------------------------------------------------------
    // pop3: RETR over POP3, one message per command, from an INBOX of equal-sized messages

    static void pop3() throws Exception {
        double warmup = Double.parseDouble(option("--warmup", "5"));
        double duration = Double.parseDouble(option("--duration", "15"));
        int messages = Integer.parseInt(option("--messages", "200"));
        int pop3Port = Integer.parseInt(option("--pop3-port", tls ? "2995" : "2110"));
        String[] sizes = option("--size", "4096,102400").split(",");
        if (users.size() < sizes.length) {
            throw new IllegalArgumentException("pop3 needs one account per size: --accounts " + sizes.length);
        }
        List<String> rows = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            int size = Integer.parseInt(sizes[s].trim());
            String user = users.get(s);
            populate(user, "INBOX", messages, i -> message(i, size, "INBOX", null));
            System.out.printf("%npop3 RETR of %d-byte messages, %d in the INBOX of %s%n", size, messages, user);
            System.out.printf("%11s %9s %9s %9s %9s %9s %9s %9s%n", "concurrency", "retrieved", "msgs_s", "MB_s", "p50_ms", "p99_ms", "max_ms", "failed");
            for (int concurrency : concurrencies("4,16")) {
                Cell cell = measure(concurrency, warmup, duration, thread -> {
                    Imap pop3 = Imap.open(pop3Port, 131072, "+OK");
                    pop3.write("USER " + user + "\r\nPASS " + password + "\r\nSTAT\r\n");
                    pop3.flush();
                    String userReply = pop3.readLine();
                    String passReply = pop3.readLine();
                    String stat = pop3.readLine();
                    if (!userReply.startsWith("+OK") || !passReply.startsWith("+OK") || !stat.startsWith("+OK " + messages + " ")) {
                        closeQuietly(pop3);
                        throw new IOException("POP3 login: " + userReply + " / " + passReply + " / " + stat);
                    }
                    byte[] buffer = new byte[65536];
                    return new Worker() {
                        int i = thread * 7919;

                        public long run() throws Exception {
                            int number = 1 + Math.floorMod(i++, messages);
                            pop3.write("RETR " + number + "\r\n");
                            pop3.flush();
                            String reply = pop3.readLine();
                            if (reply == null || !reply.startsWith("+OK")) {
                                throw new IllegalStateException("RETR " + number + ": " + reply);
                            }
                            long octets = pop3.readMultiLine(buffer);
                            if (octets < size) {
                                throw new IllegalStateException("RETR " + number + " sent " + octets + " octets, expected at least " + size);
                            }
                            return size;
                        }

                        public void close() {
                            try {
                                pop3.write("QUIT\r\n");
                                pop3.flush();
                            } catch (IOException e) {
                                // closing anyway
                            }
                            closeQuietly(pop3);
                        }
                    };
                });
                System.out.printf("%11d %9d %9.1f %9.2f %9.2f %9.2f %9.2f %9d%n", concurrency, cell.ops(), cell.perSecond(), cell.mbPerSecond(),
                        cell.p50(), cell.p99(), cell.max(), cell.failures());
                rows.add(String.format(Locale.ROOT, "| pop3 RETR %s | %d | %.1f msgs/s, %.2f MB/s | %.2f | %.2f | %d |",
                        size >= 1024 ? size / 1024 + " KB" : size + " B", concurrency, cell.perSecond(), cell.mbPerSecond(),
                        cell.p50(), cell.p99(), cell.failures()));
            }
        }
        System.out.println();
        System.out.println("| mode | connections | rate | p50 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    // ---------------------------------------------------------------------------------------------
    // search: SEARCH TEXT over a mailbox of 10,000 messages whose words the benchmark knows

    static void search() throws Exception {
        double warmup = Double.parseDouble(option("--warmup", "3"));
        double duration = Double.parseDouble(option("--duration", "10"));
        int messages = Integer.parseInt(option("--messages", "10000"));
        int size = Integer.parseInt(option("--size", "4096"));
        long indexTimeout = Long.parseLong(option("--index-timeout", "600"));
        String user = users.get(0);
        String folder = "imapbench-search";
        populate(user, folder, messages, i -> message(i, size, folder, searchWords(i)));
        int[] expected = new int[SEARCH_WORDS.length];
        for (int w = 0; w < SEARCH_WORDS.length; w++) {
            int modulus = Integer.parseInt(SEARCH_WORDS[w][1]);
            for (int i = 0; i < messages && modulus > 0; i++) {
                expected[w] += i % modulus == Integer.parseInt(SEARCH_WORDS[w][2]) ? 1 : 0;
            }
        }
        // A server that indexes after the APPEND (Mailward: a JMS queue to Lucene) may need a while.
        try (Imap imap = Imap.open(65536)) {
            imap.login(user, password);
            imap.command("EXAMINE " + folder);
            long start = System.nanoTime();
            for (int w = 0; w < SEARCH_WORDS.length; w++) {
                while (true) {
                    int found = imap.searchUids("SEARCH TEXT " + SEARCH_WORDS[w][0]).size();
                    if (found == expected[w]) {
                        break;
                    }
                    if (System.nanoTime() - start > indexTimeout * 1_000_000_000L) {
                        throw new IllegalStateException("SEARCH TEXT " + SEARCH_WORDS[w][0] + " finds " + found + ", expected " + expected[w]
                                + " (after " + indexTimeout + " s)");
                    }
                    System.out.printf("SEARCH TEXT %s finds %d of %d, waiting for the index%n", SEARCH_WORDS[w][0], found, expected[w]);
                    Thread.sleep(2000);
                }
            }
            System.out.printf("every word found as expected %.1f s after the check began%n", (System.nanoTime() - start) / 1e9);
            imap.command("LOGOUT");
        }
        List<String> rows = new ArrayList<>();
        System.out.printf("%nSEARCH TEXT over %d messages of %d bytes in %s%n", messages, size, folder);
        System.out.printf("%-12s %7s %11s %9s %9s %9s %9s %9s%n", "word", "matches", "concurrency", "searches", "per_s", "p50_ms", "p99_ms", "failed");
        for (int w = 0; w < SEARCH_WORDS.length; w++) {
            String word = SEARCH_WORDS[w][0];
            int want = expected[w];
            for (int concurrency : concurrencies("1,4,16")) {
                Cell cell = measure(concurrency, warmup, duration, thread -> {
                    Imap imap = Imap.open(65536);
                    imap.login(user, password);
                    imap.command("EXAMINE " + folder);
                    return new Worker() {
                        public long run() throws Exception {
                            int found = imap.searchUids("SEARCH TEXT " + word).size();
                            if (found != want) {
                                throw new IllegalStateException("SEARCH TEXT " + word + " found " + found + ", expected " + want);
                            }
                            return 0;
                        }

                        public void close() {
                            closeQuietly(imap);
                        }
                    };
                });
                System.out.printf("%-12s %7d %11d %9d %9.2f %9.2f %9.2f %9d%n", word, want, concurrency, cell.ops(), cell.perSecond(), cell.p50(), cell.p99(), cell.failures());
                rows.add(String.format(Locale.ROOT, "| SEARCH TEXT (%d matches) | %d | %.2f searches/s | %.2f | %.2f | %d |", want, concurrency,
                        cell.perSecond(), cell.p50(), cell.p99(), cell.failures()));
            }
        }
        System.out.println();
        System.out.println("| mode | connections | rate | p50 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static List<String> searchWords(int i) {
        List<String> words = new ArrayList<>();
        for (String[] word : SEARCH_WORDS) {
            int modulus = Integer.parseInt(word[1]);
            if (modulus > 0 && i % modulus == Integer.parseInt(word[2])) {
                words.add(word[0]);
            }
        }
        return words;
    }

    interface MessageMaker {
        byte[] make(int index);
    }

    /**
     * Fills the folder with exactly `count` messages (0 .. count-1), unless it already holds that many: then it is
     * reused as it is. A folder holding another number of messages is deleted and filled again. APPENDs go
     * pipelined with LITERAL+ when the server has it, on 4 connections.
     */
    static void populate(String user, String folder, int count, MessageMaker maker) throws Exception {
        int exists;
        try (Imap imap = Imap.open(65536)) {
            imap.login(user, password);
            imap.command("CREATE " + folder, true);
            exists = imap.exists(imap.command("EXAMINE " + folder));
            if (exists != count && exists != 0) {
                System.out.printf("%s holds %d messages, not %d: deleting and filling it again%n", folder, exists, count);
                imap.command("CLOSE", true);
                imap.command("DELETE " + folder);
                imap.command("CREATE " + folder);
                exists = 0;
            }
            imap.command("LOGOUT");
        }
        if (exists == count) {
            System.out.printf("%s already holds %d messages: reused%n", folder, count);
            return;
        }
        long start = System.nanoTime();
        int connections = 4;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                try (Imap imap = Imap.open(65536)) {
                    imap.login(user, password);
                    boolean literalPlus = imap.capabilities().contains("LITERAL+");
                    List<String> tags = new ArrayList<>();
                    while (true) {
                        tags.clear();
                        for (int b = 0; b < (literalPlus ? 20 : 1); b++) {
                            int i = next.getAndIncrement();
                            if (i >= count) {
                                break;
                            }
                            tags.add(imap.sendAppend(folder, maker.make(i), literalPlus));
                        }
                        if (tags.isEmpty()) {
                            break;
                        }
                        imap.flush();
                        for (String tag : tags) {
                            Response response = imap.read(tag);
                            if (!response.ok()) {
                                throw new IllegalStateException("APPEND: " + response.status);
                            }
                        }
                        int appended = reported.addAndGet(tags.size());
                        if (count >= 2000 && appended / 1000 != (appended - tags.size()) / 1000) {
                            System.out.printf("  appended %d of %d%n", appended / 1000 * 1000, count);
                        }
                    }
                    imap.command("LOGOUT");
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> future : done) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("appended %d messages to %s in %.1f s (%.0f/s)%n", count, folder, seconds, count / seconds);
    }

    /** A deterministic RFC 5322 message of exactly `size` bytes: headers, then lines of words (at most 76 characters). */
    static byte[] message(int index, int size, String folder, List<String> extraWords) {
        Random random = new Random(index * 1_000_003L + size);
        ZonedDateTime date = ZonedDateTime.of(2026, 11, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusSeconds(index * 37L);
        String headers = "Date: " + DATE.format(date) + "\r\n"
                + "From: Bench Sender <sender" + (index % 50) + "@sender.test>\r\n"
                + "To: Bench Reader <reader@bench.test>\r\n"
                + "Subject: ImapBench " + folder + " message " + index + "\r\n"
                + "Message-ID: <imapbench." + folder + "." + index + "@bench.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n"
                + "\r\n";
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(size + 128);
        buffer.writeBytes(headers.getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder(80);
        if (extraWords != null && !extraWords.isEmpty()) {
            line.append("Note:");
            for (String word : extraWords) {
                line.append(' ').append(word);
            }
            line.append(".\r\n");
            buffer.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        while (buffer.size() < size) {
            line.setLength(0);
            while (true) {
                String word = WORDS[random.nextInt(WORDS.length)];
                if (line.length() + 1 + word.length() > 76) {
                    break;
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            line.append("\r\n");
            int room = size - buffer.size();
            if (line.length() <= room && room - line.length() != 1) {
                buffer.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
            } else {
                // the last line: cut at a word end and padded with spaces to the exact size (at least CRLF)
                int text = Math.max(0, room - 2);
                String cut = line.substring(0, Math.min(text, line.length() - 2));
                int space = cut.lastIndexOf(' ');
                if (space > 0 && cut.length() < line.length() - 2) {
                    cut = cut.substring(0, space);
                }
                StringBuilder last = new StringBuilder(cut);
                while (last.length() < text) {
                    last.append(' ');
                }
                last.append("\r\n");
                buffer.writeBytes(last.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] bytes = buffer.toByteArray();
        if (bytes.length != size) {
            throw new IllegalStateException("message of " + bytes.length + " bytes, wanted " + size);
        }
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------
    // idle: many sessions in IDLE, then one new message per account, and how soon each session hears of it

    static final class IdleSession implements Runnable {
        final int id;
        final int account;
        volatile Socket socket;
        volatile int state; // 0 opening, 1 idling, 2 failed, 3 closed by the server, 4 logged out
        volatile long initialExists = -1;
        volatile long notifiedAt; // nanoTime of the first EXISTS above initialExists
        final CountDownLatch idling = new CountDownLatch(1);
        volatile Runnable onReady = () -> {
        };
        private final AtomicBoolean ready = new AtomicBoolean();

        void ready() {
            idling.countDown();
            if (ready.compareAndSet(false, true)) {
                onReady.run();
            }
        }

        IdleSession(int id, int account) {
            this.id = id;
            this.account = account;
        }

        public void run() {
            Imap imap = null;
            try {
                imap = Imap.open(2048);
                socket = imap.socket;
                imap.login(users.get(account), password);
                initialExists = imap.exists(imap.command("SELECT INBOX"));
                imap.write("i IDLE\r\n");
                imap.flush();
                String line;
                while ((line = imap.readLine()) != null && !line.startsWith("+")) {
                    if (line.startsWith("i ")) {
                        throw new IOException("IDLE refused: " + line);
                    }
                }
                if (line == null) {
                    throw new EOFException("closed before IDLE was accepted");
                }
                imap.socket.setSoTimeout(0); // the server's own IDLE timeout (30 min) bounds this
                state = 1;
                ready();
                while ((line = imap.readLine()) != null) {
                    if (line.startsWith("* ") && line.endsWith(" EXISTS") && notifiedAt == 0) {
                        long n = Long.parseLong(line.substring(2, line.length() - 7));
                        if (n > initialExists) {
                            notifiedAt = System.nanoTime();
                        }
                    } else if (line.startsWith("z ")) {
                        state = 4;
                        break;
                    }
                }
                if (state != 4) {
                    state = 3;
                }
            } catch (Exception e) {
                if (state == 1) {
                    if (!STOPPING.get()) {
                        failure("idle session dropped", e);
                    }
                    state = 3;
                } else {
                    failure("idle session open", e);
                    state = 2;
                }
            } finally {
                ready();
                closeQuietly(imap);
            }
        }

        void logout() {
            Socket s = socket;
            if (s != null && state == 1) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write("DONE\r\nz LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    closeQuietly(s);
                }
            }
        }
    }

    static final AtomicBoolean STOPPING = new AtomicBoolean();

    static void idle() throws Exception {
        int sessions = Integer.parseInt(option("--sessions", "10000"));
        int rampParallel = Integer.parseInt(option("--ramp-parallel", "32"));
        long rampTimeout = Long.parseLong(option("--ramp-timeout", "600"));
        long notifyTimeout = Long.parseLong(option("--notify-timeout", "60"));
        long hold = Long.parseLong(option("--hold", "10"));
        int deliverers = Integer.parseInt(option("--deliverers", "4"));
        int checkEvery = Integer.parseInt(option("--check-every", "1000"));
        String smtpPort = option("--smtp", null);
        String serverPid = option("--server-pid", null);
        String memCommand = option("--mem-command", null);
        long heapLimitKb = Long.parseLong(option("--heap-limit-mb", "0")) * 1024;
        int accounts = users.size();
        System.out.printf("up to %d IDLE sessions over %d accounts (%d per account)%n", sessions, accounts, (sessions + accounts - 1) / accounts);
        if (serverPid != null && heapLimitKb == 0) {
            long max = heap(serverPid, false)[1];
            heapLimitKb = max * 85 / 100;
            System.out.printf("server heap: max %d MB; ramp-up stops when the heap after a full GC passes %d MB%n", max / 1024, heapLimitKb / 1024);
        }

        // The connections that deliver the new mail: one per account, logged in before the "before" figure.
        List<Imap> delivery = new ArrayList<>();
        if (smtpPort == null) {
            for (String user : users) {
                Imap imap = Imap.open(8192);
                imap.login(user, password);
                imap.socket.setSoTimeout(120_000);
                delivery.add(imap);
            }
        }
        long before = measureMemory(serverPid, memCommand, "before the sessions");

        List<IdleSession> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Semaphore opening = new Semaphore(rampParallel);
        long rampStart = System.nanoTime();
        long rampDeadline = rampStart + rampTimeout * 1_000_000_000L;
        int failedInARow = 0;
        String stoppedBecause = "all opened";
        for (int s = 0; s < sessions; s++) {
            if (System.nanoTime() > rampDeadline) {
                stoppedBecause = "ramp-up timeout";
                break;
            }
            opening.acquire();
            IdleSession session = new IdleSession(s, s % accounts);
            all.add(session);
            Thread thread = new Thread(null, session, "idle-" + s, 256 * 1024);
            session.onReady = opening::release; // once the session idles or has failed
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
            if (s > 0 && s % checkEvery == 0) {
                opening.acquire(rampParallel); // all opened so far are idling or failed
                opening.release(rampParallel);
                long idling = all.stream().filter(x -> x.state == 1).count();
                long failed = all.stream().filter(x -> x.state == 2 || x.state == 3).count();
                System.out.printf("  %6d opened, %6d idling, %5d failed or dropped, %.0f s%n", all.size(), idling, failed, (System.nanoTime() - rampStart) / 1e9);
                if (failed > Math.max(100, all.size() / 10)) {
                    stoppedBecause = "too many failed sessions";
                    break;
                }
                if (serverPid != null) {
                    long[] heap = heap(serverPid, true);
                    System.out.printf("         server heap after full GC: %d MB used of %d MB%n", heap[0] / 1024, heap[1] / 1024);
                    if (heap[0] > heapLimitKb) {
                        stoppedBecause = "server heap after GC above " + heapLimitKb / 1024 + " MB";
                        break;
                    }
                }
            }
        }
        opening.acquire(rampParallel);
        opening.release(rampParallel);
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        List<IdleSession> idling = all.stream().filter(x -> x.state == 1).toList();
        System.out.printf("ramp-up: %d opened, %d idling, in %.1f s (%s)%n", all.size(), idling.size(), rampSeconds, stoppedBecause);
        Thread.sleep(2000);
        long after = measureMemory(serverPid, memCommand, "with the sessions idling");
        idling = all.stream().filter(x -> x.state == 1).toList();
        if (before >= 0 && after >= 0 && !idling.isEmpty()) {
            System.out.printf("memory growth: %d MB for %d sessions = %.1f KB per session%n", (after - before) / 1024, idling.size(), (after - before) / (double) idling.size());
        }

        // New mail: one message into the INBOX of every account, from `deliverers` threads.
        long[] okAt = new long[accounts];
        long[] sentAt = new long[accounts];
        AtomicInteger nextAccount = new AtomicInteger();
        long deliverStart = System.nanoTime();
        List<Thread> sending = new ArrayList<>();
        for (int d = 0; d < deliverers; d++) {
            Thread sender = new Thread(() -> {
                Smtp smtp = null;
                try {
                    if (smtpPort != null) {
                        smtp = new Smtp(Integer.parseInt(smtpPort));
                    }
                    for (int a = nextAccount.getAndIncrement(); a < accounts; a = nextAccount.getAndIncrement()) {
                        byte[] mail = message(a, 4096, "idle-" + UUID.randomUUID().toString().substring(0, 8), null);
                        sentAt[a] = System.nanoTime();
                        if (smtp != null) {
                            smtp.send(users.get(a), mail);
                        } else {
                            Imap imap = delivery.get(a);
                            Response response = imap.read(imap.sendAppend("INBOX", mail, false));
                            if (!response.ok()) {
                                throw new IllegalStateException("APPEND: " + response.status);
                            }
                        }
                        okAt[a] = System.nanoTime();
                    }
                } catch (Exception e) {
                    failure("deliver", e);
                } finally {
                    closeQuietly(smtp);
                }
            });
            sender.start();
            sending.add(sender);
        }
        for (Thread sender : sending) {
            sender.join();
        }
        System.out.printf("delivered one message to each of %d accounts in %.2f s (%s)%n", accounts, (System.nanoTime() - deliverStart) / 1e9,
                smtpPort != null ? "SMTP to port " + smtpPort + ", time taken at its 250" : "IMAP APPEND, time taken at its tagged OK");
        long waitUntil = System.nanoTime() + notifyTimeout * 1_000_000_000L;
        while (System.nanoTime() < waitUntil && idling.stream().anyMatch(x -> x.notifiedAt == 0 && x.state == 1)) {
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        int withinSecond = 0, early = 0;
        for (IdleSession session : idling) {
            if (session.notifiedAt != 0 && okAt[session.account] != 0) {
                long latency = session.notifiedAt - okAt[session.account];
                if (latency < 0) {
                    early++;
                    latency = 0;
                }
                latencies.add(latency);
                withinSecond += latency <= 1_000_000_000L ? 1 : 0;
            }
        }
        Collections.sort(latencies);
        System.out.printf("new-mail notification: %d of %d idling sessions heard it (%d within 1 s, %d before the OK/250 reached us); p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies.size(), idling.size(), withinSecond, early, percentile(latencies, 0.5), percentile(latencies, 0.99),
                latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6);

        System.out.printf("holding %d s%n", hold);
        Thread.sleep(hold * 1000);
        long stillIdling = all.stream().filter(x -> x.state == 1).count();
        System.out.printf("still idling after the hold: %d of %d%n", stillIdling, idling.size());
        STOPPING.set(true);
        for (IdleSession session : all) {
            session.logout();
        }
        for (Imap imap : delivery) {
            try {
                imap.command("LOGOUT");
            } catch (Exception ignored) {
            }
            closeQuietly(imap);
        }
        long closeDeadline = System.nanoTime() + 60_000_000_000L;
        for (Thread thread : threads) {
            thread.join(Math.max(1, (closeDeadline - System.nanoTime()) / 1_000_000));
        }
        for (IdleSession session : all) {
            closeQuietly(session.socket);
        }
        System.out.println();
        System.out.println("| sessions idling | memory growth per session | notified | within 1 s | p50 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %d of %d | %s | %d | %d | %.1f | %.1f | %.1f |%n", idling.size(), all.size(),
                before >= 0 && after >= 0 && !idling.isEmpty() ? String.format(Locale.ROOT, "%.1f KB", (after - before) / (double) idling.size()) : "-",
                latencies.size(), withinSecond, percentile(latencies, 0.5), percentile(latencies, 0.99), latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1) / 1e6);
    }

    /** Server memory in KB: the JVM heap after a full GC with --server-pid, else what --mem-command prints; -1 without either. */
    static long measureMemory(String pid, String command, String when) throws Exception {
        if (pid != null) {
            long[] heap = heap(pid, true);
            System.out.printf("server heap %s: %d KB used after a full GC (max %d MB)%n", when, heap[0], heap[1] / 1024);
            return heap[0];
        }
        if (command != null) {
            Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            long kb = Long.parseLong(output.replaceAll("(?s).*?(\\d+)\\s*$", "$1"));
            System.out.printf("server memory %s: %d KB (%s)%n", when, kb, command);
            return kb;
        }
        return -1;
    }

    /** {used KB, max KB} of a JVM's heap (jcmd GC.heap_info), after `jcmd GC.run` when gc. */
    static long[] heap(String pid, boolean gc) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        if (gc) {
            run(jcmd, pid, "GC.run");
        }
        String info = run(jcmd, pid, "GC.heap_info");
        Matcher used = Pattern.compile("total (?:reserved )?(\\d+)K, (?:committed \\d+K, )?used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("cannot read jcmd GC.heap_info: " + info);
        }
        return new long[]{Long.parseLong(used.group(2)), Long.parseLong(used.group(1))};
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    // ---------------------------------------------------------------------------------------------
    // A minimal IMAP client: tagged commands, untagged lines, literals counted (and skipped).

    static final class Response {
        final List<String> untagged = new ArrayList<>();
        final List<Integer> literals = new ArrayList<>();
        String status;

        boolean ok() {
            return status != null && status.regionMatches(true, status.indexOf(' ') + 1, "OK", 0, 2);
        }
    }

    /** What ends a POP3 multi-line response that holds a message: the last line's CRLF, then a line of one dot. */
    static final byte[] MULTI_LINE_END = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    static final class Imap implements Closeable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        int tags;
        private byte[] lineBuffer = new byte[256];

        Imap(Socket socket, int bufferSize) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), bufferSize);
            this.out = new BufferedOutputStream(socket.getOutputStream(), Math.min(bufferSize, 16384));
        }

        static Imap open(int bufferSize) throws IOException {
            return open(port, bufferSize, "* OK");
        }

        /** A connection to {@code toPort} (IMAP, or POP3 for the pop3 mode) whose greeting starts with {@code ready}. */
        static Imap open(int toPort, int bufferSize, String ready) throws IOException {
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(host, toPort), 30_000);
                Socket socket = tls ? sslFactory.createSocket(plain, host, toPort, true) : plain;
                socket.setSoTimeout(120_000);
                Imap imap = new Imap(socket, bufferSize);
                String greeting = imap.readLine();
                if (greeting == null || !greeting.startsWith(ready)) {
                    throw new IOException("greeting: " + greeting);
                }
                return imap;
            } catch (IOException | RuntimeException e) {
                closeQuietly(plain);
                throw e;
            }
        }

        /**
         * The rest of a POP3 multi-line response, its terminating ".CRLF" included; returns the
         * octets read. The server sends nothing after it, and dot-stuffing keeps CRLF.CRLF out of
         * the data, so the end is where what was read so far ends with it.
         */
        long readMultiLine(byte[] buffer) throws IOException {
            long total = 0;
            byte[] tail = new byte[MULTI_LINE_END.length];
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IOException("connection closed in a multi-line response");
                }
                total += read;
                int keep = Math.min(read, tail.length);
                System.arraycopy(tail, keep, tail, 0, tail.length - keep);
                System.arraycopy(buffer, read - keep, tail, tail.length - keep, keep);
                if (total >= tail.length && Arrays.equals(tail, MULTI_LINE_END)) {
                    return total;
                }
            }
        }

        void login(String user, String password) throws IOException {
            command("LOGIN " + quote(user) + " " + quote(password));
        }

        static String quote(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        Response command(String command) throws IOException {
            return command(command, false);
        }

        /** Sends a command and reads to its tagged reply, which must be OK unless mayFail. */
        Response command(String command, boolean mayFail) throws IOException {
            String tag = "t" + (++tags);
            write(tag + " " + command + "\r\n");
            flush();
            Response response = read(tag);
            if (!mayFail && !response.ok()) {
                throw new IOException(command.startsWith("LOGIN") ? "LOGIN: " + response.status : command + ": " + response.status);
            }
            return response;
        }

        String sendAppend(String folder, byte[] message, boolean literalPlus) throws IOException {
            String tag = "t" + (++tags);
            write(tag + " APPEND " + folder + " {" + message.length + (literalPlus ? "+" : "") + "}\r\n");
            if (!literalPlus) {
                flush();
                String line = readLine();
                while (line != null && line.startsWith("* ")) {
                    line = readLine();
                }
                if (line == null || !line.startsWith("+")) {
                    throw new IOException("APPEND: " + line);
                }
            }
            out.write(message);
            write("\r\n");
            if (!literalPlus) {
                flush();
            }
            return tag;
        }

        Caps capabilities() throws IOException {
            Response response = command("CAPABILITY");
            Caps set = new Caps();
            for (String line : response.untagged) {
                if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
                    set.words.addAll(Arrays.asList(line.substring(13).toUpperCase(Locale.ROOT).split(" ")));
                }
            }
            return set;
        }

        int exists(Response response) {
            for (String line : response.untagged) {
                if (line.startsWith("* ") && line.toUpperCase(Locale.ROOT).endsWith(" EXISTS")) {
                    return Integer.parseInt(line.substring(2, line.length() - 7).trim());
                }
            }
            throw new IllegalStateException("no EXISTS in the reply");
        }

        List<Long> searchUids(String command) throws IOException {
            Response response = command(command);
            List<Long> numbers = new ArrayList<>();
            for (String line : response.untagged) {
                if (line.toUpperCase(Locale.ROOT).startsWith("* SEARCH")) {
                    for (String number : line.substring(8).trim().split(" +")) {
                        if (!number.isEmpty()) {
                            numbers.add(Long.parseLong(number));
                        }
                    }
                }
            }
            return numbers;
        }

        /** Reads up to the tagged reply; a line ending in {n} is followed by n bytes that are counted and skipped. */
        Response read(String tag) throws IOException {
            Response response = new Response();
            while (true) {
                String line = readLine();
                if (line == null) {
                    throw new EOFException("connection closed while waiting for " + tag
                            + (response.untagged.isEmpty() ? "" : " after " + response.untagged.get(response.untagged.size() - 1)));
                }
                StringBuilder whole = null;
                while (line.endsWith("}")) {
                    int open = line.lastIndexOf('{');
                    if (open < 0) {
                        break;
                    }
                    int length = Integer.parseInt(line.substring(open + 1, line.length() - 1).replace("+", ""));
                    in.skipNBytes(length);
                    response.literals.add(length);
                    if (whole == null) {
                        whole = new StringBuilder();
                    }
                    whole.append(line);
                    line = readLine();
                    if (line == null) {
                        throw new EOFException("connection closed in a literal");
                    }
                }
                if (whole != null) {
                    line = whole.append(line).toString();
                }
                if (line.startsWith(tag + " ")) {
                    response.status = line;
                    return response;
                }
                response.untagged.add(line);
            }
        }

        /** One line without its CRLF (ISO-8859-1), or null at the end of the stream. */
        String readLine() throws IOException {
            int length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return length == 0 ? null : new String(lineBuffer, 0, length, StandardCharsets.ISO_8859_1);
                }
                if (b == '\n') {
                    if (length > 0 && lineBuffer[length - 1] == '\r') {
                        length--;
                    }
                    return new String(lineBuffer, 0, length, StandardCharsets.ISO_8859_1);
                }
                if (length == lineBuffer.length) {
                    if (length > 1 << 24) {
                        throw new IOException("line too long");
                    }
                    lineBuffer = Arrays.copyOf(lineBuffer, length * 2);
                }
                lineBuffer[length++] = (byte) b;
            }
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }

        void flush() throws IOException {
            out.flush();
        }

        public void close() throws IOException {
            socket.close();
        }
    }

    static final class Caps {
        final java.util.Set<String> words = new java.util.HashSet<>();

        boolean contains(String word) {
            return words.contains(word);
        }
    }

    /** Just enough SMTP to hand a message to a server: EHLO, MAIL, RCPT, DATA on one connection. */
    static final class Smtp implements Closeable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Smtp(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 30_000);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
            expect(220, null);
            expect(250, "EHLO imapbench.test");
        }

        void send(String to, byte[] message) throws IOException {
            expect(250, "MAIL FROM:<imapbench@sender.test>");
            expect(250, "RCPT TO:<" + to + ">");
            expect(354, "DATA");
            out.write(message); // no line starts with a dot
            expect(250, ".");
        }

        void expect(int code, String command) throws IOException {
            if (command != null) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            String line;
            do {
                StringBuilder text = new StringBuilder();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    if (b < 0) {
                        throw new EOFException("SMTP connection closed after " + command);
                    }
                    text.append((char) b);
                }
                line = text.toString().trim();
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(Integer.toString(code))) {
                throw new IOException("SMTP " + command + ": " + line);
            }
        }

        public void close() throws IOException {
            try {
                expect(221, "QUIT");
            } finally {
                socket.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Mailward: a domain and accounts through the REST API, plaintext logins allowed for the run.

    static final class Mailward {
        final Path data;
        final String domain;
        final boolean keep;
        final List<String> users = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        boolean domainCreated;
        boolean plaintextSet;
        boolean limitsSet;
        String token;
        Properties secrets = new Properties();

        Mailward(Path data, String domain, boolean keep) {
            this.data = data;
            this.domain = domain != null ? domain : "imapbench-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
            this.keep = keep;
        }

        void setUp(int accounts, boolean allowPlaintext) throws Exception {
            try (var reader = Files.newBufferedReader(data.resolve("secrets.properties"))) {
                secrets.load(reader);
            }
            String adminFile = Files.readString(data.resolve("initial-admin.txt"));
            token = token(field(adminFile, "user"), field(adminFile, "password"));
            int status = call("POST", "/domains", "{\"name\":\"" + domain + "\"}", 201, 409);
            domainCreated = status == 201;
            // Accounts in parallel: each is a Keycloak user.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                String localPart = "user" + i;
                users.add(localPart + "@" + domain);
                results.add(pool.submit(() -> call("POST", "/domains/" + domain + "/accounts",
                        "{\"localPart\":\"" + localPart + "\",\"password\":\"" + MAILWARD_PASSWORD + "\"}", 201, 409)));
            }
            pool.shutdown();
            int fresh = 0;
            for (int i = 0; i < accounts; i++) {
                if (results.get(i).get() == 201) {
                    created.add("user" + i);
                    fresh++;
                }
            }
            System.out.printf("Mailward: domain %s (%s), %d accounts (%d new)%n", domain, domainCreated ? "new" : "existing", accounts, fresh);
            if (allowPlaintext) {
                call("PUT", "/system/settings", "{\"login.plaintext-allowed\":{\"value\":\"true\"}}", 200);
                plaintextSet = true;
            }
        }

        /** The IMAP connection limits (system settings) raised for the run: all sessions come from 127.0.0.1. */
        void raiseConnectionLimits(int sessions, int accounts) throws Exception {
            int perAccount = Math.min(10_000, (sessions + accounts - 1) / accounts + 10);
            call("PUT", "/system/settings", "{\"imap.max-connections\":{\"value\":\"" + (sessions + 1000)
                    + "\"},\"imap.max-connections-per-address\":{\"value\":\"" + (sessions + 1000)
                    + "\"},\"imap.max-connections-per-account\":{\"value\":\"" + perAccount + "\"}}", 200);
            limitsSet = true;
            System.out.printf("Mailward: imap.max-connections and imap.max-connections-per-address %d, imap.max-connections-per-account %d for the run%n",
                    sessions + 1000, perAccount);
        }

        /** Restores the settings and deletes what it made, waiting up to 3 minutes for a server being redeployed. */
        void tearDown() throws Exception {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (true) {
                try {
                    tryTearDown();
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    System.out.println("Mailward: clean-up failed (" + e.getMessage().lines().findFirst().orElse("") + "), retrying in 10 s");
                    Thread.sleep(10_000);
                }
            }
        }

        void tryTearDown() throws Exception {
            token = token(field(Files.readString(data.resolve("initial-admin.txt")), "user"),
                    field(Files.readString(data.resolve("initial-admin.txt")), "password")); // the first one may have expired
            if (plaintextSet) {
                call("PUT", "/system/settings", "{\"login.plaintext-allowed\":{\"value\":null}}", 200);
                plaintextSet = false;
            }
            if (limitsSet) {
                call("PUT", "/system/settings", "{\"imap.max-connections\":{\"value\":null},\"imap.max-connections-per-address\":{\"value\":null},"
                        + "\"imap.max-connections-per-account\":{\"value\":null}}", 200);
                limitsSet = false;
            }
            if (keep) {
                System.out.printf("Mailward: kept domain %s and its accounts (password %s)%n", domain, MAILWARD_PASSWORD);
                return;
            }
            for (String user : users) {
                call("DELETE", "/domains/" + domain + "/accounts/" + user.substring(0, user.indexOf('@')), null, 204, 404);
            }
            call("DELETE", "/domains/" + domain, null, 204);
            System.out.printf("Mailward: deleted domain %s and its %d accounts%n", domain, users.size());
        }

        String token(String user, String password) throws Exception {
            String form = "grant_type=password&client_id=mailward-protocols&client_secret="
                    + encode(secrets.getProperty("mailward.keycloak.protocols-client.secret"))
                    + "&username=" + encode(user) + "&password=" + encode(password);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                throw new IllegalStateException("Keycloak refused a token: " + response.body());
            }
            return matcher.group(1);
        }

        int call(String method, String path, String json, int... expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(WEB + path)).header("Authorization", "Bearer " + token);
            request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                    : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (int code : expected) {
                if (response.statusCode() == code) {
                    return code;
                }
            }
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }

        static String field(String text, String name) {
            Matcher matcher = Pattern.compile("(?m)^" + name + ": (.+)$").matcher(text);
            if (!matcher.find()) {
                throw new IllegalStateException("initial-admin.txt has no '" + name + ":' line");
            }
            return matcher.group(1).trim();
        }

        static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    static boolean flag(String name) {
        return Arrays.asList(args).contains(name);
    }

    static String option(String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
