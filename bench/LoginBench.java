import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Protocol logins per second through the authentication service, over IMAPS as a mail client
 * does it (connect, TLS, LOGIN, LOGOUT), with the verified-login cache warm and with it off.
 * Creates a throw-away domain with accounts through the REST API and deletes it afterwards.
 *
 * With --plain it logs in on the clear IMAP port instead (allowing plaintext logins for the run),
 * which leaves the TLS handshake out and measures the authentication service itself.
 *
 * java bench/LoginBench.java [--data DIR] [--seconds 15] [--concurrency 4,16] [--accounts 50] [--max-logins 100000] [--plain]
 */
public class LoginBench {

    static final String WEB = "http://127.0.0.1:8080/api/v1";
    static final String KEYCLOAK = "http://127.0.0.1:8180/realms/mailward/protocol/openid-connect/token";
    static final String PASSWORD = "Bench-Password-2026!";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicReference<String> FIRST_ERROR = new AtomicReference<>();

    public static void main(String[] args) throws Exception {
        Path data = Path.of(option(args, "--data", "data"));
        int seconds = Integer.parseInt(option(args, "--seconds", "15"));
        int accounts = Integer.parseInt(option(args, "--accounts", "50"));
        int maxLogins = Integer.parseInt(option(args, "--max-logins", "100000"));
        boolean plain = List.of(args).contains("--plain");
        List<Integer> concurrencies = new ArrayList<>();
        for (String level : option(args, "--concurrency", "4,16").split(",")) {
            concurrencies.add(Integer.parseInt(level.trim()));
        }
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(data.resolve("secrets.properties"))) {
            secrets.load(reader);
        }
        String adminFile = Files.readString(data.resolve("initial-admin.txt"));
        String token = token(secrets, field(adminFile, "user"), field(adminFile, "password"));
        SSLContext tls = plain ? null : trustServerCertificate(data, secrets);

        String domain = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        List<String> users = new ArrayList<>();
        call(token, "POST", "/domains", "{\"name\":\"" + domain + "\"}", 201);
        try {
            for (int i = 0; i < accounts; i++) {
                call(token, "POST", "/domains/" + domain + "/accounts",
                        "{\"localPart\":\"user" + i + "\",\"password\":\"" + PASSWORD + "\"}", 201);
                users.add("user" + i + "@" + domain);
            }
            if (plain) {
                call(token, "PUT", "/system/settings", "{\"login.plaintext-allowed\":{\"value\":\"true\"}}", 200);
            }
            System.out.println(plain ? "IMAP on 2143 without TLS" : "IMAPS on 2993");
            System.out.printf("%-6s %11s %9s %9s %9s %9s%n", "cache", "concurrency", "logins", "per_s", "p50_ms", "p99_ms");
            for (int concurrency : concurrencies) {
                run(tls, users, concurrency, Math.min(users.size(), 4 * concurrency), maxLogins, 1); // fills the cache
                report("warm", concurrency, run(tls, users, concurrency, seconds, maxLogins, Integer.MAX_VALUE));
            }
            call(token, "PUT", "/system/settings", "{\"login.cache-seconds\":{\"value\":\"0\"}}", 200);
            try {
                for (int concurrency : concurrencies) {
                    report("cold", concurrency, run(tls, users, concurrency, seconds, maxLogins, Integer.MAX_VALUE));
                }
            } finally {
                call(token, "PUT", "/system/settings", "{\"login.cache-seconds\":{\"value\":null}}", 200);
            }
        } finally {
            if (plain) {
                call(token, "PUT", "/system/settings", "{\"login.plaintext-allowed\":{\"value\":null}}", 200);
            }
            for (String user : users) {
                call(token, "DELETE", "/domains/" + domain + "/accounts/" + user.substring(0, user.indexOf('@')), null, 204);
            }
            call(token, "DELETE", "/domains/" + domain, null, 204);
        }
    }

    record Result(int logins, double perSecond, double p50, double p99, int failures) {
    }

    /** Logs in over IMAPS in {@code concurrency} threads for {@code seconds}, or {@code perThread}/{@code maxLogins} logins. */
    static Result run(SSLContext tls, List<String> users, int concurrency, int seconds, int maxLogins, int perThread)
            throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long begin = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread && System.nanoTime() < deadline && started.incrementAndGet() <= maxLogins; i++) {
                    String user = users.get((thread + i * concurrency) % users.size());
                    long start = System.nanoTime();
                    if (login(tls, user)) {
                        latencies.add(System.nanoTime() - start);
                    } else {
                        failures.incrementAndGet();
                    }
                }
            });
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(sorted.size(), sorted.size() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), failures.get());
    }

    static boolean login(SSLContext tls, String user) {
        int port = tls == null ? 2143 : 2993;
        try (Socket plain = new Socket()) {
            plain.setTcpNoDelay(true); // as mail clients do; otherwise Nagle holds back the TLS Finished
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            try (Socket socket = tls == null ? plain : tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
                socket.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream();
                in.readLine();
                out.write(("a LOGIN \"" + user + "\" \"" + PASSWORD + "\"\r\nb LOGOUT\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                boolean ok = false;
                for (String line = in.readLine(); line != null && !line.startsWith("b "); line = in.readLine()) {
                    ok |= line.startsWith("a OK");
                }
                return ok;
            }
        } catch (IOException e) {
            if (FIRST_ERROR.compareAndSet(null, e.toString())) {
                System.err.println("first failed login: " + e);
            }
            return false;
        }
    }

    static void report(String cache, int concurrency, Result result) {
        System.out.printf("%-6s %11d %9d %9.1f %9.1f %9.1f%s%n", cache, concurrency, result.logins(), result.perSecond(),
                result.p50(), result.p99(), result.failures() > 0 ? "  (" + result.failures() + " failed)" : "");
    }

    static double percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }

    static String token(Properties secrets, String user, String password) throws Exception {
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

    static void call(String token, String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(WEB + path)).header("Authorization", "Bearer " + token);
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static SSLContext trustServerCertificate(Path data, Properties secrets) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(data.resolve("tls/mailward.p12"))) {
            keystore.load(in, secrets.getProperty("mailward.tls.keystore.password").toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keystore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    static String field(String text, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ": (.+)$").matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("initial-admin.txt has no '" + name + ":' line");
        }
        return matcher.group(1).trim();
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
