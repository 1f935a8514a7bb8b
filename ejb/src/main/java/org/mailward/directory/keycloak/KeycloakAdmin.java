package org.mailward.directory.keycloak;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.directory.DirectoryException;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calls the directory makes to Keycloak's admin API with the server's service account:
 * users, their realm roles, passwords, and the {@code domain} attribute in the realm's user profile.
 */
@ApplicationScoped
public class KeycloakAdmin {

    /** The realm roles Mailward grants and takes away; any other role of a user is left alone. */
    public static final Set<String> MANAGED_ROLES = Set.of("user", "domain-admin", "system-admin");
    static final String DOMAIN_ATTRIBUTE = "domain";
    private static final Set<String> OPTIONAL_NAMES = Set.of("firstName", "lastName");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    @Inject
    private ServerSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<ServiceToken> token = new AtomicReference<>();
    private final AtomicBoolean profileChecked = new AtomicBoolean();

    private record ServiceToken(String value, Instant renewAt) {
    }

    /** Whether Keycloak serves the realm now (its OpenID discovery document) within two seconds. */
    public boolean realmAnswers() {
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/realms/"
                        + encode(settings.keycloakRealm()) + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether at least one user holds the realm role. */
    public boolean anyUserWithRole(String role) {
        JsonArray users = readArray(send(get("/roles/" + encode(role) + "/users?first=0&max=1"), 200));
        return !users.isEmpty();
    }

    /**
     * Creates an enabled user with a password and realm roles; returns the user's id. The e-mail
     * counts as verified, so Keycloak asks for nothing at the first login.
     */
    public String createUser(KeycloakUser user) {
        if (user.domain() != null) {
            ensureUserProfile();
        }
        JsonObjectBuilder representation = Json.createObjectBuilder()
                .add("username", user.username())
                .add("enabled", true)
                .add("email", user.email())
                .add("emailVerified", true)
                .add("firstName", user.firstName())
                .add("lastName", user.lastName())
                .add("credentials", Json.createArrayBuilder().add(password(user.password())));
        if (user.domain() != null) {
            representation.add("attributes", Json.createObjectBuilder()
                    .add(DOMAIN_ATTRIBUTE, Json.createArrayBuilder().add(user.domain())));
        }
        HttpResponse<String> created = exchange(json("/users", "POST", representation.build()));
        if (created.statusCode() == 409) {
            throw DirectoryException.conflict("Keycloak already has a user named " + user.username());
        }
        rejectBadPassword(created);
        expect(created, 201);
        String location = created.headers().firstValue("Location")
                .orElseThrow(() -> new KeycloakException("Keycloak created a user but gave no Location"));
        String userId = location.substring(location.lastIndexOf('/') + 1);
        try {
            setRealmRoles(userId, Set.copyOf(user.realmRoles()));
        } catch (RuntimeException e) {
            deleteUser(userId); // a user without its roles must not stay behind, able to log in
            throw e;
        }
        return userId;
    }

    /** Changes what is given of enabled, first and last name; the rest of the user stays. */
    public void updateUser(String userId, Boolean enabled, String firstName, String lastName) {
        JsonObject current = readObject(send(get("/users/" + encode(userId)), 200));
        JsonObjectBuilder changed = Json.createObjectBuilder(current);
        if (enabled != null) {
            changed.add("enabled", enabled);
        }
        if (firstName != null) {
            changed.add("firstName", firstName).add("lastName", lastName);
        }
        send(json("/users/" + encode(userId), "PUT", changed.build()), 204);
    }

    /** Makes the user's Mailward roles exactly {@code wanted}. */
    public void setRealmRoles(String userId, Set<String> wanted) {
        String mappings = "/users/" + encode(userId) + "/role-mappings/realm";
        JsonArray current = readArray(send(get(mappings), 200));
        JsonArrayBuilder remove = Json.createArrayBuilder();
        Set<String> missing = new java.util.HashSet<>(wanted);
        for (JsonObject role : current.getValuesAs(JsonObject.class)) {
            String name = role.getString("name");
            if (!missing.remove(name) && MANAGED_ROLES.contains(name)) {
                remove.add(role);
            }
        }
        JsonArray toRemove = remove.build();
        if (!toRemove.isEmpty()) {
            send(json(mappings, "DELETE", toRemove), 204);
        }
        if (!missing.isEmpty()) {
            JsonArrayBuilder add = Json.createArrayBuilder();
            for (String role : missing) {
                add.add(readObject(send(get("/roles/" + encode(role)), 200)));
            }
            send(json(mappings, "POST", add.build()), 204);
        }
    }

    /** Sets a permanent password; Keycloak's realm policy may refuse it (a 400-kind error with its reason). */
    public void resetPassword(String userId, String password) {
        HttpResponse<String> response = exchange(json("/users/" + encode(userId) + "/reset-password", "PUT", password(password)));
        rejectBadPassword(response);
        expect(response, 204);
    }

    /** Deletes the user; a user already gone is fine. */
    public void deleteUser(String userId) {
        HttpResponse<String> response = exchange(request("/users/" + encode(userId)).DELETE().build());
        if (response.statusCode() != 404) {
            expect(response, 204);
        }
    }

    /**
     * Adapts the realm's user profile once per server start: declares the {@code domain}
     * attribute, editable by administrators only (Keycloak drops undeclared attributes, and users
     * must not move themselves to another domain), and makes first and last name optional
     * (Mailward has one display name; a required, empty last name would make Keycloak refuse
     * password logins as "not fully set up").
     */
    private void ensureUserProfile() {
        if (profileChecked.get()) {
            return;
        }
        JsonObject profile = readObject(send(get("/users/profile"), 200));
        JsonArrayBuilder attributes = Json.createArrayBuilder();
        boolean changed = false;
        boolean domainDeclared = false;
        for (JsonObject attribute : profile.getJsonArray("attributes").getValuesAs(JsonObject.class)) {
            String name = attribute.getString("name");
            domainDeclared |= DOMAIN_ATTRIBUTE.equals(name);
            if (OPTIONAL_NAMES.contains(name) && attribute.containsKey("required")) {
                attributes.add(Json.createObjectBuilder(attribute).remove("required"));
                changed = true;
            } else {
                attributes.add(attribute);
            }
        }
        if (!domainDeclared) {
            attributes.add(Json.createObjectBuilder()
                    .add("name", DOMAIN_ATTRIBUTE)
                    .add("displayName", "Mail domain")
                    .add("multivalued", false)
                    .add("permissions", Json.createObjectBuilder()
                            .add("view", Json.createArrayBuilder().add("admin").add("user"))
                            .add("edit", Json.createArrayBuilder().add("admin"))));
            changed = true;
        }
        if (changed) {
            send(json("/users/profile", "PUT", Json.createObjectBuilder(profile).add("attributes", attributes).build()), 200);
        }
        profileChecked.set(true);
    }

    private static JsonObject password(String password) {
        return Json.createObjectBuilder().add("type", "password").add("value", password).add("temporary", false).build();
    }

    /** Keycloak answers 400 when its realm password policy refuses a password. */
    private static void rejectBadPassword(HttpResponse<String> response) {
        if (response.statusCode() == 400) {
            JsonObject error = readObject(response.body());
            String reason = error.getString("error_description", error.getString("errorMessage", "the password was refused"));
            throw DirectoryException.invalid("Keycloak refused the password: " + reason);
        }
    }

    private String serviceToken() {
        ServiceToken current = token.get();
        if (current != null && Instant.now().isBefore(current.renewAt())) {
            return current.value();
        }
        String form = "grant_type=client_credentials&client_id=" + encode(settings.serverClientId())
                + "&client_secret=" + encode(settings.serverClientSecret());
        JsonObject body = readObject(send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), 200));
        JsonValue accessToken = body.get("access_token");
        if (accessToken == null || accessToken.getValueType() != JsonValue.ValueType.STRING) {
            throw new KeycloakException("Keycloak's token response has no access_token");
        }
        Instant renewAt = Instant.now().plusSeconds(body.getJsonNumber("expires_in").longValue()).minus(TOKEN_MARGIN);
        ServiceToken fresh = new ServiceToken(body.getString("access_token"), renewAt);
        token.set(fresh);
        return fresh.value();
    }

    private String tokenUrl() {
        return settings.keycloakUrl() + "/realms/" + encode(settings.keycloakRealm()) + "/protocol/openid-connect/token";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(settings.keycloakUrl() + "/admin/realms/"
                        + encode(settings.keycloakRealm()) + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + serviceToken());
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest json(String path, String method, JsonValue body) {
        return request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
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

    private static JsonObject readObject(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static JsonArray readArray(String json) {
        return Json.createReader(new StringReader(json)).readArray();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
