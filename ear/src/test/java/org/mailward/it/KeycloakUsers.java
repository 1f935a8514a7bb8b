package org.mailward.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** Test users made and removed through Keycloak's admin API with the server's service account. */
final class KeycloakUsers {

    private static final String USERS = ItEnvironment.KEYCLOAK + "/admin/realms/mailward/users";

    private KeycloakUsers() {
    }

    /** Creates an enabled user with a complete profile, a password and one realm role; returns its id. */
    static String create(String username, String password, String role) {
        String token = ItEnvironment.serverToken();
        String user = Json.createObjectBuilder()
                .add("username", username).add("enabled", true)
                .add("email", username + "@example.org").add("emailVerified", true)
                .add("firstName", "Test").add("lastName", "User")
                .add("credentials", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("type", "password").add("value", password).add("temporary", false)))
                .build().toString();
        HttpResponse<String> created = ItEnvironment.send(HttpRequest.newBuilder(URI.create(USERS))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user)).build());
        expect(201, created);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);

        HttpResponse<String> roleJson = ItEnvironment.send(HttpRequest.newBuilder(
                        URI.create(ItEnvironment.KEYCLOAK + "/admin/realms/mailward/roles/" + role))
                .header("Authorization", "Bearer " + token).build());
        expect(200, roleJson);
        HttpResponse<String> mapped = ItEnvironment.send(HttpRequest.newBuilder(URI.create(USERS + "/" + id + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + roleJson.body() + "]")).build());
        expect(204, mapped);
        return id;
    }

    /** The usernames holding a realm role. */
    static List<String> withRole(String role) {
        HttpResponse<String> users = ItEnvironment.send(HttpRequest.newBuilder(
                        URI.create(ItEnvironment.KEYCLOAK + "/admin/realms/mailward/roles/" + role + "/users"))
                .header("Authorization", "Bearer " + ItEnvironment.serverToken()).build());
        expect(200, users);
        return Json.createReader(new StringReader(users.body())).readArray().getValuesAs(JsonObject.class).stream()
                .map(user -> user.getString("username"))
                .toList();
    }

    static void delete(String id) {
        HttpResponse<String> deleted = ItEnvironment.send(HttpRequest.newBuilder(URI.create(USERS + "/" + id))
                .header("Authorization", "Bearer " + ItEnvironment.serverToken()).DELETE().build());
        expect(204, deleted);
    }

    private static void expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                    + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
