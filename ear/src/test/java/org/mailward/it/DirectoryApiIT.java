package org.mailward.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The directory's REST API end to end, as a system administrator uses it, with Keycloak behind it. */
class DirectoryApiIT {

    private final ApiClient admin = ApiClient.asAdministrator();

    @Test
    void domainsAreCreatedReadSearchedChangedAndDeleted() {
        String name = TestDomains.unique("crud");
        HttpResponse<String> created = admin.post("/domains", "{\"name\":\"" + name.toUpperCase()
                + "\",\"hostname\":\"mail." + name + "\",\"limits\":{\"maxUsers\":5}}");
        JsonObject domain = admin.expect(201, created);
        assertEquals(name, domain.getString("name"), "names are stored in lower case");
        assertEquals(ApiClient.API + "/domains/" + name, created.headers().firstValue("Location").orElseThrow());
        assertEquals(5, domain.getJsonObject("limits").getInt("maxUsers"));
        assertEquals(0, domain.getJsonObject("limits").getInt("maxRecipients"), "unset limits are unlimited");
        assertTrue(domain.getJsonObject("features").getBoolean("imap"));
        assertEquals("delay", domain.getJsonObject("throttling").getString("action"));

        JsonObject page = admin.expect(200, admin.get("/domains?search=" + name.substring(0, 13) + "&limit=10"));
        assertEquals(1, page.getInt("total"));
        assertEquals(name, page.getJsonArray("items").getJsonObject(0).getString("name"));

        JsonObject changed = admin.expect(200, admin.put("/domains/" + name,
                "{\"enabled\":false,\"features\":{\"pop\":false},\"throttling\":{\"messagesPerHour\":100,\"action\":\"reject\"}}"));
        assertFalse(changed.getBoolean("enabled"));
        assertFalse(changed.getJsonObject("features").getBoolean("pop"));
        assertTrue(changed.getJsonObject("features").getBoolean("imap"), "features not named stay as they were");
        assertEquals(100, changed.getJsonObject("throttling").getInt("messagesPerHour"));
        assertEquals(5, changed.getJsonObject("limits").getInt("maxUsers"));

        JsonObject withAlias = admin.expect(200, admin.post("/domains/" + name + "/domain-aliases", "{\"name\":\"alias-" + name + "\"}"));
        assertEquals(List.of("alias-" + name), withAlias.getJsonArray("aliases").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());
        admin.expect(409, admin.post("/domains", "{\"name\":\"alias-" + name + "\"}"));
        admin.expect(200, admin.delete("/domains/" + name + "/domain-aliases/alias-" + name));

        admin.expect(204, admin.delete("/domains/" + name));
        admin.expect(404, admin.get("/domains/" + name));
    }

    @Test
    void pagingWalksThroughEveryDomainOnce() {
        String prefix = "page-" + TestDomains.unique("p").substring(2, 10);
        for (int i = 0; i < 5; i++) {
            admin.expect(201, admin.post("/domains", "{\"name\":\"" + prefix + "-" + i + ".test\"}"));
        }
        JsonObject first = admin.expect(200, admin.get("/domains?search=" + prefix + "&offset=0&limit=2"));
        JsonObject third = admin.expect(200, admin.get("/domains?search=" + prefix + "&offset=4&limit=2"));
        assertEquals(5, first.getInt("total"));
        assertEquals(List.of(prefix + "-0.test", prefix + "-1.test"), names(first));
        assertEquals(List.of(prefix + "-4.test"), names(third));
        admin.expect(400, admin.get("/domains?limit=0"));
        for (int i = 0; i < 5; i++) {
            admin.expect(204, admin.delete("/domains/" + prefix + "-" + i + ".test"));
        }
    }

    @Test
    void accountsLiveInMailwardAndKeycloakTogether() {
        String domain = TestDomains.create(admin, "acct", "");
        JsonObject account = admin.expect(201, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"Alice.Smith\",\"displayName\":\"Alice Smith\",\"password\":\"" + TestDomains.PASSWORD
                        + "\",\"quotaMb\":250,\"protocols\":[\"imap\",\"smtp\"]}"));
        String address = "alice.smith@" + domain;
        assertEquals(address, account.getString("address"));
        assertEquals("user", account.getString("role"));
        assertEquals(List.of("imap", "smtp"), account.getJsonArray("protocols").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());

        JsonObject keycloakUser = keycloakUser(address);
        assertEquals(domain, keycloakUser.getJsonObject("attributes").getJsonArray("domain").getString(0));
        assertEquals("Alice", keycloakUser.getString("firstName"));
        assertEquals(List.of("user"), realmRoles(keycloakUser.getString("id")));
        assertDoesNotThrow(() -> ApiClient.as(address, TestDomains.PASSWORD), "the password works in Keycloak");

        JsonObject list = admin.expect(200, admin.get("/domains/" + domain + "/accounts?search=smith"));
        assertEquals(1, list.getInt("total"));
        admin.expect(409, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"alice.smith\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));

        JsonObject disabled = admin.expect(200, admin.put("/domains/" + domain + "/accounts/alice.smith",
                "{\"enabled\":false,\"displayName\":\"Alice Jones\"}"));
        assertFalse(disabled.getBoolean("enabled"));
        assertFalse(keycloakUser(address).getBoolean("enabled"), "disabling the account disables the Keycloak user");
        assertEquals("Jones", keycloakUser(address).getString("lastName"));

        admin.expect(409, admin.delete("/domains/" + domain));
        admin.expect(204, admin.delete("/domains/" + domain + "/accounts/alice.smith"));
        assertTrue(keycloakUsers(address).isEmpty(), "deleting the account deletes the Keycloak user");
        admin.expect(404, admin.get("/domains/" + domain + "/accounts/alice.smith"));
        admin.expect(204, admin.delete("/domains/" + domain));
    }

    @Test
    void passwordsFollowTheDomainPolicyAndCanBeReset() {
        String domain = TestDomains.create(admin, "pw", "\"passwordPolicy\":{\"minLength\":14,\"minClasses\":3}");
        JsonObject tooShort = admin.expect(400, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"bob\",\"password\":\"Abcdefgh-123\"}"));
        assertTrue(tooShort.getString("message").contains("at least 14"), tooShort.toString());
        admin.expect(400, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"bob\",\"password\":\"abcdefghijklmnopq\"}"));
        TestDomains.createAccount(admin, domain, "bob", "user");

        admin.expect(400, admin.put("/domains/" + domain + "/accounts/bob/password", "{\"password\":\"short\"}"));
        admin.expect(204, admin.put("/domains/" + domain + "/accounts/bob/password", "{\"password\":\"Another-Secret-42\"}"));
        ApiClient.as("bob@" + domain, "Another-Secret-42");
    }

    @Test
    void keycloaksRealmPolicyStillAppliesUnderALaxDomainPolicy() {
        String domain = TestDomains.create(admin, "lax", "\"passwordPolicy\":{\"minLength\":6,\"minClasses\":0}");
        JsonObject refused = admin.expect(400, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"lax\",\"password\":\"abcdefghij\"}"));
        assertTrue(refused.getString("message").startsWith("Keycloak refused the password"), refused.toString());
        assertTrue(keycloakUsers("lax@" + domain).isEmpty(), "nothing is left behind in Keycloak");
        admin.expect(404, admin.get("/domains/" + domain + "/accounts/lax"));
    }

    @Test
    void aliasesAndTheCatchAllPointAtExistingAddresses() {
        String domain = TestDomains.create(admin, "alias", "");
        TestDomains.createAccount(admin, domain, "carol", "user");
        JsonObject alias = admin.expect(201, admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"Sales\",\"targets\":[\"carol@" + domain + "\",\"partner@example.org\"]}"));
        assertEquals("sales@" + domain, alias.getString("address"));
        admin.expect(400, admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"ghost\",\"targets\":[\"nobody@" + domain + "\"]}"));
        admin.expect(409, admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"carol\",\"targets\":[\"partner@example.org\"]}"));

        JsonObject catchAll = admin.expect(201, admin.post("/domains/" + domain + "/aliases",
                "{\"catchAll\":true,\"targets\":[\"carol@" + domain + "\"]}"));
        assertEquals("*@" + domain, catchAll.getString("address"));
        admin.expect(409, admin.post("/domains/" + domain + "/aliases", "{\"catchAll\":true,\"targets\":[\"carol@" + domain + "\"]}"));

        JsonObject retargeted = admin.expect(200, admin.put("/domains/" + domain + "/aliases/sales", "{\"targets\":[\"sales@example.net\"]}"));
        assertEquals("sales@example.net", retargeted.getJsonArray("targets").getString(0));
        assertEquals(2, admin.expect(200, admin.get("/domains/" + domain + "/aliases")).getInt("total"));
        admin.expect(204, admin.delete("/domains/" + domain + "/aliases/sales"));
        admin.expect(204, admin.delete("/domains/" + domain + "/aliases/*"));
        assertEquals(0, admin.expect(200, admin.get("/domains/" + domain + "/aliases")).getInt("total"));
    }

    @Test
    void aDeletedAccountLeavesTheAliasesThatPointedAtIt() {
        String domain = TestDomains.create(admin, "gone", "");
        TestDomains.createAccount(admin, domain, "nina", "user");
        TestDomains.createAccount(admin, domain, "omar", "user");
        admin.expect(201, admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"team\",\"targets\":[\"nina@" + domain + "\",\"omar@" + domain + "\"]}"));
        admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"localPart\":\"only-nina\",\"targets\":[\"nina@" + domain + "\"]}"));

        admin.expect(204, admin.delete("/domains/" + domain + "/accounts/nina"));

        JsonObject team = admin.expect(200, admin.get("/domains/" + domain + "/aliases/team"));
        assertEquals(List.of("omar@" + domain), team.getJsonArray("targets").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());
        admin.expect(404, admin.get("/domains/" + domain + "/aliases/only-nina"));
    }

    @Test
    void malformedRequestsGetA400WithAMessage() {
        JsonObject badName = admin.expect(400, admin.post("/domains", "{\"name\":\"not a domain\"}"));
        assertTrue(badName.getString("message").contains("not a valid domain name"), badName.toString());
        admin.expect(400, admin.post("/domains", "{\"name\":\"x.test\",\"limits\":{\"maxUsers\":-1}}"));
        admin.expect(400, admin.post("/domains", "{\"name\":\"y.test\",\"throttling\":{\"action\":\"explode\"}}"));
        admin.expect(400, admin.post("/domains", "this is not json"));
        admin.expect(400, admin.post("/domains", ""));
        String domain = TestDomains.create(admin, "bad", "");
        admin.expect(400, admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"two words\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        admin.expect(400, admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"dave\",\"password\":\"" + TestDomains.PASSWORD + "\",\"protocols\":[\"gopher\"]}"));
        admin.expect(400, admin.put("/system/settings", "{\"no.such.setting\":{\"value\":\"1\"}}"));
        admin.expect(404, admin.get("/domains/no-such-domain.test"));
        admin.expect(404, admin.get("/domains/" + domain + "/accounts/nobody"));
    }

    @Test
    void settingsResolveFromSystemToDomainToUser() {
        String domain = TestDomains.create(admin, "settings", "");
        TestDomains.createAccount(admin, domain, "erin", "user");
        ApiClient erin = ApiClient.as("erin@" + domain, TestDomains.PASSWORD);
        assertEquals("en", erin.expect(200, erin.get("/me/settings")).getJsonObject("ui.language").getString("value"));

        admin.expect(200, admin.put("/domains/" + domain + "/settings", "{\"ui.language\":{\"value\":\"de\"}}"));
        assertEquals("de", erin.expect(200, erin.get("/me/settings")).getJsonObject("ui.language").getString("value"));
        JsonObject own = erin.expect(200, erin.put("/me/settings", "{\"ui.language\":{\"value\":\"fr-CH\"}}"));
        assertEquals("fr-CH", own.getJsonObject("ui.language").getString("value"));

        admin.expect(200, admin.put("/domains/" + domain + "/settings", "{\"ui.language\":{\"value\":\"it\",\"lowerMayOverride\":false}}"));
        JsonObject locked = erin.expect(200, erin.get("/me/settings")).getJsonObject("ui.language");
        assertEquals("it", locked.getString("value"), "a locked domain value wins over the user's own");
        assertTrue(locked.getBoolean("locked"));
        erin.expect(403, erin.put("/me/settings", "{\"ui.language\":{\"value\":\"en\"}}"));
        erin.expect(400, erin.put("/me/settings", "{\"ui.time-zone\":{\"value\":\"Mars/Olympus\"}}"));
    }

    @Test
    void theApiDescribesItselfInOpenApi() {
        HttpResponse<String> document = ItEnvironment.send(HttpRequest.newBuilder(
                URI.create(ApiClient.API + "/openapi?format=JSON")).build());
        assertEquals(200, document.statusCode(), document.body());
        JsonObject paths = ItEnvironment.json(document.body()).getJsonObject("paths");
        for (String path : List.of("/api/v1/domains", "/api/v1/domains/{domain}/accounts",
                "/api/v1/domains/{domain}/aliases", "/api/v1/system/ids-blocks", "/api/v1/me")) {
            assertTrue(paths.containsKey(path), path + " missing from " + paths.keySet());
        }
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(d -> d.getString("name")).toList();
    }

    private static JsonObject keycloakUser(String username) {
        List<JsonObject> users = keycloakUsers(username);
        assertEquals(1, users.size(), "Keycloak users named " + username);
        return users.getFirst();
    }

    static List<JsonObject> keycloakUsers(String username) {
        return keycloakArray("/users?exact=true&briefRepresentation=false&username=" + ItEnvironment.encode(username));
    }

    /** The Mailward roles of a Keycloak user (Keycloak's own default roles left out). */
    static List<String> realmRoles(String userId) {
        return keycloakArray("/users/" + userId + "/role-mappings/realm").stream().map(role -> role.getString("name"))
                .filter(name -> List.of("user", "domain-admin", "system-admin").contains(name)).sorted().toList();
    }

    private static List<JsonObject> keycloakArray(String path) {
        HttpResponse<String> found = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.KEYCLOAK
                        + "/admin/realms/mailward" + path))
                .header("Authorization", "Bearer " + ItEnvironment.serverToken()).build());
        assertEquals(200, found.statusCode(), found.body());
        return Json.createReader(new StringReader(found.body())).readArray().getValuesAs(JsonObject.class);
    }
}
