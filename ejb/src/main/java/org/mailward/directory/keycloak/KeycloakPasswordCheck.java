package org.mailward.directory.keycloak;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.mailward.admin.settings.ServerSettings;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Checks a user's password with Keycloak, by a direct grant on the protocols client, so that
 * Keycloak's own rules (disabled users, brute-force lockout, federation with LDAP/AD) apply to
 * mail protocol logins too. The session the grant opens is closed again at once.
 */
@ApplicationScoped
public class KeycloakPasswordCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private ServerSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** Whether Keycloak accepts the password; {@link KeycloakUnreachableException} when it cannot say. */
    public boolean accepts(String username, String password) {
        HttpResponse<String> response = post("/token", "grant_type=password&username="
                + KeycloakAdmin.encode(username) + "&password=" + KeycloakAdmin.encode(password));
        int status = response.statusCode();
        if (status == 200) {
            JsonObject tokens = Json.createReader(new StringReader(response.body())).readObject();
            closeSession(tokens.getString("refresh_token", null));
            return true;
        }
        String error = status == 400 || status == 401 ? errorCode(response.body()) : "";
        if (error.equals("invalid_grant")) {
            return false;
        }
        // invalid_client, unauthorized_client and the like: Mailward is misconfigured, the user is not wrong.
        throw new KeycloakUnreachableException("Keycloak's token endpoint answered " + status + " " + error);
    }

    private static String errorCode(String body) {
        try {
            return Json.createReader(new StringReader(body)).readObject().getString("error", "");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Logs the grant's session out in the background: a failure only leaves it to expire. */
    private void closeSession(String refreshToken) {
        if (refreshToken != null) {
            http.sendAsync(request("/logout", "refresh_token=" + KeycloakAdmin.encode(refreshToken)),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private HttpResponse<String> post(String endpoint, String form) {
        try {
            return http.send(request(endpoint, form), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeycloakUnreachableException("Keycloak at " + settings.keycloakUrl() + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakUnreachableException("Interrupted while calling Keycloak");
        }
    }

    private HttpRequest request(String endpoint, String form) {
        String client = "client_id=" + KeycloakAdmin.encode(settings.protocolsClientId())
                + "&client_secret=" + KeycloakAdmin.encode(settings.protocolsClientSecret());
        return HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/realms/"
                        + KeycloakAdmin.encode(settings.keycloakRealm()) + "/protocol/openid-connect" + endpoint))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(client + "&" + form))
                .build();
    }
}
