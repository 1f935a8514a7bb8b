package org.mailward.directory.keycloak;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.mailward.admin.settings.ServerSettings;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small client for the calls the directory makes to Keycloak. Each call fetches a fresh
 * service-account token: they are rare (provisioning), so caching tokens is not worth it yet.
 */
@ApplicationScoped
public class KeycloakAdmin {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private ServerSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** Whether at least one user holds the realm role. */
    public boolean anyUserWithRole(String role) {
        String token = serviceToken();
        JsonArray users = Json.createReader(new StringReader(
                send(get(adminUrl("/roles/" + encode(role) + "/users?first=0&max=1"), token), 200))).readArray();
        return !users.isEmpty();
    }

    /**
     * Creates an enabled user with a password and one realm role; returns the user's id. The
     * profile is complete (names, verified e-mail), so Keycloak asks for nothing at first login.
     */
    public String createUser(String username, String email, String firstName, String lastName, String password, String role) {
        String token = serviceToken();
        JsonObject user = Json.createObjectBuilder()
                .add("username", username)
                .add("enabled", true)
                .add("email", email)
                .add("emailVerified", true)
                .add("firstName", firstName)
                .add("lastName", lastName)
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", "password").add("value", password).add("temporary", false)))
                .build();
        HttpResponse<String> created = exchange(json(adminUrl("/users"), token, "POST", user.toString()));
        if (created.statusCode() == 409) {
            throw new KeycloakException("a user named " + username + " already exists in Keycloak");
        }
        expect(created, 201);
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new KeycloakException("Keycloak created a user but gave no Location"));
        String userId = location.substring(location.lastIndexOf('/') + 1);

        String roleJson = send(get(adminUrl("/roles/" + encode(role)), token), 200);
        JsonArray roles = Json.createArrayBuilder().add(Json.createReader(new StringReader(roleJson)).readObject()).build();
        send(json(adminUrl("/users/" + userId + "/role-mappings/realm"), token, "POST", roles.toString()), 204);
        return userId;
    }

    private String serviceToken() {
        String form = "grant_type=client_credentials&client_id=" + encode(settings.serverClientId())
                + "&client_secret=" + encode(settings.serverClientSecret());
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/realms/"
                        + encode(settings.keycloakRealm()) + "/protocol/openid-connect/token"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonObject body = Json.createReader(new StringReader(send(request, 200))).readObject();
        JsonValue token = body.get("access_token");
        if (token == null || token.getValueType() != JsonValue.ValueType.STRING) {
            throw new KeycloakException("Keycloak's token response has no access_token");
        }
        return body.getString("access_token");
    }

    private String adminUrl(String path) {
        return settings.keycloakUrl() + "/admin/realms/" + encode(settings.keycloakRealm()) + path;
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
    }

    private static HttpRequest json(String url, String token, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private String send(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = exchange(request);
        expect(response, expectedStatus);
        return response.body();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KeycloakUnreachableException("Keycloak at " + settings.keycloakUrl() + " unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeycloakUnreachableException("Interrupted while calling Keycloak");
        }
    }

    private static void expect(HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() >= 500 || response.statusCode() == 404 && response.request().uri().getPath().endsWith("/token")) {
            // Starting, overloaded, or the realm not imported yet: worth another try later.
            throw new KeycloakUnreachableException(describe(response));
        }
        if (response.statusCode() != expectedStatus) {
            throw new KeycloakException(describe(response));
        }
    }

    private static String describe(HttpResponse<String> response) {
        return response.request().method() + " " + response.request().uri().getPath()
                + " answered " + response.statusCode() + ": " + abbreviate(response.body());
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
