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
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A probe goes through the real system.probe JMS queue to a message-driven bean that updates its row. */
@Tag("smoke")
class PipelineProbeIT {

    @Test
    void aProbeSentByTheAdministratorIsReceivedByTheConsumer() throws Exception {
        ProbeClient probes = ProbeClient.asAdministrator();

        HttpResponse<String> sent = probes.send();
        assertEquals(201, sent.statusCode(), sent.body());
        JsonObject probe = ItEnvironment.json(sent.body());
        assertEquals(ItEnvironment.adminUser(), probe.getString("requestedBy"));
        String location = sent.headers().firstValue("Location").orElseThrow();
        assertEquals(ProbeClient.PROBES + "/" + probe.getString("id"), location);

        JsonObject received = probes.awaitReceived(probe.getString("id"), Duration.ofSeconds(30));
        assertTrue(Instant.parse(received.getString("receivedAt")).compareTo(Instant.parse(received.getString("sentAt"))) >= 0,
                received.toString());

        if (ItEnvironment.database().equals("postgresql")) {
            assertRowReceivedInPostgresql(probe.getString("id"));
        }
    }

    @Test
    void anUnknownProbeIsA404WithAMessage() {
        HttpResponse<String> response = ProbeClient.asAdministrator().get("no-such-probe");
        assertEquals(404, response.statusCode());
        assertEquals("No probe no-such-probe", ItEnvironment.json(response.body()).getString("message"));
    }

    @Test
    void aPlainUserIsRefusedWith403() {
        String user = "probe-user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Pw-" + UUID.randomUUID();
        String userId = KeycloakUsers.create(user, password, "user");
        try {
            HttpResponse<String> response = new ProbeClient(ItEnvironment.accessToken(user, password)).send();
            assertEquals(403, response.statusCode(), response.body());
        } finally {
            KeycloakUsers.delete(userId);
        }
    }

    @Test
    void withoutATokenTheApiAnswers401NotALoginPage() {
        HttpResponse<String> response = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ProbeClient.PROBES))
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, response.statusCode());
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
