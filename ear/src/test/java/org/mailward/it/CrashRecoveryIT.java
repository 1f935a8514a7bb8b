package org.mailward.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two halves around a kill -9 of WildFly, run by ./mailward test as separate Failsafe runs:
 * {@link #beforeTheCrash} leaves a received probe and notes its id in the data directory; the
 * launcher kills the server and starts it again on the same data directory; {@link #afterTheRestart}
 * finds the probe as it was, the server healthy, and still one system administrator.
 */
@Tag("crash")
class CrashRecoveryIT {

    @Test
    void beforeTheCrash() throws Exception {
        ProbeClient probes = ProbeClient.asAdministrator();
        HttpResponse<String> sent = probes.send();
        assertEquals(201, sent.statusCode(), sent.body());
        String id = ItEnvironment.json(sent.body()).getString("id");
        probes.awaitReceived(id, Duration.ofSeconds(30));
        Files.writeString(noteFile(), id);
    }

    @Test
    void afterTheRestart() throws IOException {
        String id = Files.readString(noteFile());
        HttpResponse<String> response = ProbeClient.asAdministrator().get(id);
        assertEquals(200, response.statusCode(), "the probe sent before the crash is still there: " + response.body());
        JsonObject probe = ItEnvironment.json(response.body());
        assertTrue(ProbeClient.received(probe), "and still marked received: " + probe);

        HttpResponse<String> health = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.WEB + "/health")).build());
        assertEquals(200, health.statusCode(), health.body());

        HttpResponse<String> admins = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.KEYCLOAK
                        + "/admin/realms/mailward/roles/system-admin/users"))
                .header("Authorization", "Bearer " + ItEnvironment.serverToken()).build());
        assertEquals(200, admins.statusCode(), admins.body());
        assertEquals(List.of(ItEnvironment.adminUser()), Json.createReader(new StringReader(admins.body())).readArray()
                .getValuesAs(JsonObject.class).stream().map(user -> user.getString("username")).toList(),
                "still exactly one system administrator after the restart");
    }

    private static Path noteFile() {
        return ItEnvironment.dataDirectory().resolve("crash-recovery-it.txt");
    }
}
