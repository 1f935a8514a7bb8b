package org.mailward.it;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** The pipeline probe API as a system administrator uses it. */
final class ProbeClient {

    static final String PROBES = ItEnvironment.WEB + "/api/v1/system/probes";

    private final String token;

    ProbeClient(String token) {
        this.token = token;
    }

    static ProbeClient asAdministrator() {
        return new ProbeClient(ItEnvironment.accessToken(ItEnvironment.adminUser(), ItEnvironment.adminPassword()));
    }

    HttpResponse<String> send() {
        return ItEnvironment.send(HttpRequest.newBuilder(URI.create(PROBES))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    HttpResponse<String> get(String id) {
        return ItEnvironment.send(HttpRequest.newBuilder(URI.create(PROBES + "/" + id))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build());
    }

    /** Polls until the consumer has stamped the probe; JSON-B leaves receivedAt out while it is null. */
    JsonObject awaitReceived(String id, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject last = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get(id);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET probe " + id + " answered " + response.statusCode() + ": " + response.body());
            }
            last = ItEnvironment.json(response.body());
            if (received(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The probe was not received within " + timeout + ": " + last);
    }

    static boolean received(JsonObject probe) {
        return probe.containsKey("receivedAt") && !probe.isNull("receivedAt");
    }
}
