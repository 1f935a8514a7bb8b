package org.mailward.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The REST API as one user calls it, with their bearer token. */
final class ApiClient {

    static final String API = ItEnvironment.WEB + "/api/v1";

    private final String token;

    private ApiClient(String token) {
        this.token = token;
    }

    static ApiClient as(String user, String password) {
        return new ApiClient(ItEnvironment.accessToken(user, password));
    }

    static ApiClient asAdministrator() {
        return as(ItEnvironment.adminUser(), ItEnvironment.adminPassword());
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }

    HttpResponse<String> put(String path, String json) {
        return send("PUT", path, json);
    }

    HttpResponse<String> delete(String path) {
        return send("DELETE", path, null);
    }

    /** The JSON body of a call that must answer {@code status}. */
    JsonObject expect(int status, HttpResponse<String> response) {
        requireStatus(status, response);
        return response.body().isEmpty() ? null : ItEnvironment.json(response.body());
    }

    JsonArray expectArray(int status, HttpResponse<String> response) {
        requireStatus(status, response);
        return Json.createReader(new StringReader(response.body())).readArray();
    }

    private static void requireStatus(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " instead of " + status + ": " + response.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(API + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return ItEnvironment.send(request.build());
    }
}
