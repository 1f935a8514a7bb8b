package org.mailward.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two halves around a kill -9 of WildFly, run by ./mailward test as separate Failsafe runs.
 * {@link #beforeTheCrash} sends a burst of probes and returns as soon as each is acknowledged
 * (201), leaving messages on the queue and in the consumer; the launcher kills the server at once
 * and starts it again with ./mailward run on the same data. {@link #afterTheRestart} finds every
 * acknowledged probe and sees each one consumed: the row and the JMS message were committed
 * together, and the journal kept what was in flight.
 */
@Tag("crash")
class CrashRecoveryIT {

    private static final int BURST = 30;
    // Narayana resolves an in-doubt two-phase commit on its periodic recovery pass (every 2 minutes).
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    @Test
    void beforeTheCrash() throws IOException {
        ProbeClient probes = ProbeClient.asAdministrator();
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            HttpResponse<String> sent = probes.send();
            assertEquals(201, sent.statusCode(), sent.body());
            acknowledged.add(ItEnvironment.json(sent.body()).getString("id"));
        }
        Files.write(noteFile(), acknowledged);
    }

    @Test
    void afterTheRestart() throws Exception {
        ProbeClient probes = ProbeClient.asAdministrator();
        for (String id : Files.readAllLines(noteFile())) {
            probes.awaitReceived(id, RECOVERY);
        }

        HttpResponse<String> health = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.WEB + "/health")).build());
        assertEquals(200, health.statusCode(), health.body());

        assertEquals(List.of(ItEnvironment.adminUser()), KeycloakUsers.withRole("system-admin"),
                "still exactly one system administrator after the restart");
    }

    private static Path noteFile() {
        return ItEnvironment.dataDirectory().resolve("crash-recovery-it.txt");
    }
}
