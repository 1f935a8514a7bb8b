package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("smoke")
class HealthIT {

    @Test
    void reportsDatabaseQueuesListenersAndKeycloakUpWithoutLogin() throws IOException {
        HttpResponse<String> response = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.WEB + "/health")).build());

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = ItEnvironment.json(response.body());
        assertEquals("UP", health.getString("status"));
        JsonObject checks = health.getJsonObject("checks");

        JsonObject database = checks.getJsonObject("database");
        assertEquals("UP", database.getString("status"));
        String expectedProduct = ItEnvironment.database().equals("h2") ? "H2" : "PostgreSQL";
        assertEquals(expectedProduct + ", schema version " + newestMigration(), database.getString("detail"));

        Map<String, String> destinations = statusByName(checks.getJsonObject("messaging"));
        assertEquals(Map.of("mail.inbound", "UP", "mail.outbound", "UP", "mail.index", "UP", "system.probe", "UP",
                "mail.dlq", "UP", "mail.expiry", "UP", "mail.events", "UP"), destinations);

        assertEquals("UP", checks.getJsonObject("identity").getString("status"), "Keycloak serves the realm");

        JsonObject listeners = checks.getJsonObject("listeners");
        assertEquals("UP", listeners.getString("status"));
        List<String> ports = listeners.getJsonArray("parts").getValuesAs(JsonObject.class).stream()
                .map(part -> part.getString("name") + ":" + part.getInt("port") + ":" + part.getString("status"))
                .toList();
        assertEquals(List.of("smtp:2525:UP", "submission:2587:UP", "smtps:2465:UP", "imap:2143:UP",
                "imaps:2993:UP", "pop3:2110:UP", "pop3s:2995:UP"), ports);
    }

    @Test
    void isServedOverHttpsWithTheGeneratedCertificate() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(ItEnvironment.trustServerCertificate()).build();
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:8443/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", ItEnvironment.json(response.body()).getString("status"));
    }

    /** The newest version the sql module ships, e.g. "001": the deployed schema must be at it. */
    private static String newestMigration() throws IOException {
        try (InputStream index = HealthIT.class.getClassLoader().getResourceAsStream("db/migration/migrations.txt")) {
            return new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains("/V"))
                    .map(line -> line.substring(line.lastIndexOf("/V") + 2, line.indexOf("__")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }
    }

    private static Map<String, String> statusByName(JsonObject check) {
        return check.getJsonArray("parts").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(part -> part.getString("name"), part -> part.getString("status")));
    }
}
