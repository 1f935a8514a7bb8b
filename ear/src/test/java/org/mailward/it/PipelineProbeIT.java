package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A probe goes through the real system.probe JMS queue to a message-driven bean that updates its row. */
@Tag("smoke")
class PipelineProbeIT {

    private static final String PROBES = ItEnvironment.WEB + "/api/v1/system/probes";

    @Test
    void aProbeSentByTheAdministratorIsReceivedByTheConsumer() throws Exception {
        String token = ItEnvironment.accessToken(ItEnvironment.adminUser(), ItEnvironment.adminPassword());

        HttpResponse<String> sent = ItEnvironment.send(HttpRequest.newBuilder(URI.create(PROBES))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(201, sent.statusCode(), sent.body());
        String location = sent.headers().firstValue("Location").orElseThrow();
        JsonObject probe = ItEnvironment.json(sent.body());
        assertEquals(ItEnvironment.adminUser(), probe.getString("requestedBy"));
        assertTrue(location.endsWith("/" + probe.getString("id")), location);

        JsonObject received = awaitReceived(location, token, Duration.ofSeconds(30));
        assertFalse(received.isNull("receivedAt"), received.toString());
        assertTrue(Instant.parse(received.getString("receivedAt")).compareTo(Instant.parse(received.getString("sentAt"))) >= 0);

        if (ItEnvironment.database().equals("postgresql")) {
            assertRowReceivedInPostgresql(probe.getString("id"));
        }
    }

    @Test
    void anUnknownProbeIsA404WithAMessage() {
        String token = ItEnvironment.accessToken(ItEnvironment.adminUser(), ItEnvironment.adminPassword());
        HttpResponse<String> response = ItEnvironment.send(HttpRequest.newBuilder(URI.create(PROBES + "/no-such-probe"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build());
        assertEquals(404, response.statusCode());
        assertEquals("No probe no-such-probe", ItEnvironment.json(response.body()).getString("message"));
    }

    @Test
    void withoutATokenTheApiAnswers401NotALoginPage() {
        HttpResponse<String> response = ItEnvironment.send(HttpRequest.newBuilder(URI.create(PROBES))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, response.statusCode());
    }

    private static JsonObject awaitReceived(String location, String token, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = ItEnvironment.send(HttpRequest.newBuilder(URI.create(location))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").build());
            assertEquals(200, response.statusCode(), response.body());
            last = ItEnvironment.json(response.body());
            if (last.containsKey("receivedAt") && !last.isNull("receivedAt")) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The probe was not received within " + timeout + ": " + last);
    }

    private static void assertRowReceivedInPostgresql(String id) throws SQLException {
        try (Connection db = DriverManager.getConnection(System.getProperty("mailward.db.url"),
                System.getProperty("mailward.db.user"), System.getProperty("mailward.db.password"));
             PreparedStatement query = db.prepareStatement("SELECT received_at FROM pipeline_probe WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "row for probe " + id);
                assertNotNull(row.getTimestamp(1));
            }
        }
    }
}
