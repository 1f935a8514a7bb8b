package org.mailward.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;

/** Where the server under test is and how to act as its first administrator. */
final class ItEnvironment {

    static final String WEB = "http://127.0.0.1:8080";
    static final String KEYCLOAK = "http://127.0.0.1:8180";
    static final String HOST = "127.0.0.1";

    private ItEnvironment() {
    }

    static Path dataDirectory() {
        String dir = System.getProperty("mailward.data.dir", "");
        if (dir.isBlank()) {
            throw new IllegalStateException("mailward.data.dir is not set: run the integration tests through ./mailward test");
        }
        return Path.of(dir);
    }

    /** The database the server runs on, as ./mailward test announces it: postgresql or h2. */
    static String database() {
        return System.getProperty("mailward.it.database", "postgresql");
    }

    static Properties secrets() {
        return properties(dataDirectory().resolve("secrets.properties"));
    }

    /** The credentials file the server wrote on its first start (this run's, or the first run's in the H2 smoke). */
    static Path initialAdminFile() {
        String file = System.getProperty("mailward.it.initial-admin", "");
        return file.isBlank() ? dataDirectory().resolve("initial-admin.txt") : Path.of(file);
    }

    static String adminUser() {
        return field(initialAdminFile(), "user");
    }

    static String adminPassword() {
        return field(initialAdminFile(), "password");
    }

    /** A bearer token for a user, by Keycloak's password grant on the protocols client. */
    static String accessToken(String user, String password) {
        return token("grant_type=password&client_id=mailward-protocols"
                + "&client_secret=" + encode(secrets().getProperty("mailward.keycloak.protocols-client.secret"))
                + "&username=" + encode(user) + "&password=" + encode(password), user);
    }

    /** The server's own service-account token, for looking into Keycloak as the server does. */
    static String serverToken() {
        return token("grant_type=client_credentials&client_id=mailward-server"
                + "&client_secret=" + encode(secrets().getProperty("mailward.keycloak.server-client.secret")), "mailward-server");
    }

    private static String token(String form, String who) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/mailward/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + who + ": " + response.body());
        }
        return json(response.body()).getString("access_token");
    }

    /**
     * HTTP/1.1 only: the JDK client's default upgrade to HTTP/2 over clear text (h2c) once read
     * Undertow's large OpenAPI answer as HTTP/2 frames and failed ("Frame type(99) ... exceeds
     * MAX_FRAME_SIZE"); browsers never use h2c, so it tests nothing users do.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Trusts exactly the certificate the server generated at first start, as a client would after pinning it. */
    static SSLContext trustServerCertificate() {
        try (InputStream in = Files.newInputStream(dataDirectory().resolve("tls/mailward.p12"))) {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(in, secrets().getProperty("mailward.tls.keystore.password").toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keystore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the server's certificate", e);
        }
    }

    private static String field(Path file, String name) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(name + ": "))
                    .map(line -> line.substring(name.length() + 2).trim())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " has no '" + name + ":' line"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
