package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit the system administrator sets on a domain stops the next creation with a clear 409. */
class DirectoryLimitsIT {

    private final ApiClient admin = ApiClient.asAdministrator();

    @Test
    void maxUsers() {
        String domain = TestDomains.create(admin, "maxusers", "\"limits\":{\"maxUsers\":2}");
        TestDomains.createAccount(admin, domain, "one", "user");
        TestDomains.createAccount(admin, domain, "two", "user");
        assertConflict("limit of 2 user", admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"three\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        assertEquals(2, admin.expect(200, admin.get("/domains/" + domain)).getJsonObject("usage").getInt("users"));
        assertTrue(DirectoryApiIT.keycloakUsers("three@" + domain).isEmpty(), "a refused account leaves no Keycloak user");
    }

    @Test
    void concurrentCreationsCannotOvershootMaxUsers() throws Exception {
        String domain = TestDomains.create(admin, "race", "\"limits\":{\"maxUsers\":2}");
        AtomicInteger racer = new AtomicInteger();
        List<Integer> statuses = inParallel(6, () -> admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"racer"
                + racer.incrementAndGet() + "\",\"password\":\"" + TestDomains.PASSWORD + "\"}").statusCode());
        assertEquals(2, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
        assertEquals(2, admin.expect(200, admin.get("/domains/" + domain)).getJsonObject("usage").getInt("users"));
    }

    @Test
    void concurrentCreationsOfOneDomainGiveOne201AndConflicts() throws Exception {
        String name = TestDomains.unique("same");
        List<Integer> statuses = inParallel(6, () -> admin.post("/domains", "{\"name\":\"" + name + "\"}").statusCode());
        assertEquals(1, statuses.stream().filter(status -> status == 201).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(status -> status == 409).count(), statuses.toString());
    }

    @Test
    void maxUserAliasesLeavesTheCatchAllOutOfTheCount() {
        String domain = TestDomains.create(admin, "maxaliases", "\"limits\":{\"maxUserAliases\":1}");
        admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"localPart\":\"a\",\"targets\":[\"x@example.org\"]}"));
        assertConflict("limit of 1 alias", admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"b\",\"targets\":[\"x@example.org\"]}"));
        admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"catchAll\":true,\"targets\":[\"x@example.org\"]}"));
    }

    @Test
    void maxDomainAliases() {
        String domain = TestDomains.create(admin, "maxdomainaliases", "\"limits\":{\"maxDomainAliases\":1}");
        admin.expect(200, admin.post("/domains/" + domain + "/domain-aliases", "{\"name\":\"first-" + domain + "\"}"));
        assertConflict("limit of 1 domain alias", admin.post("/domains/" + domain + "/domain-aliases",
                "{\"name\":\"second-" + domain + "\"}"));
    }

    @Test
    void catchAllNeedsTheFeature() {
        String domain = TestDomains.create(admin, "nocatchall", "\"features\":{\"catchAll\":false}");
        assertConflict("Catch-all aliases are not enabled", admin.post("/domains/" + domain + "/aliases",
                "{\"catchAll\":true,\"targets\":[\"x@example.org\"]}"));
    }

    @Test
    void quotaWithinTheDomainsDiskSpace() {
        String domain = TestDomains.create(admin, "disk", "\"limits\":{\"diskSpaceMb\":100}");
        assertConflict("disk space of 100 MB", admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"big\",\"quotaMb\":500,\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        admin.expect(201, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"small\",\"quotaMb\":50,\"password\":\"" + TestDomains.PASSWORD + "\"}"));
    }

    @Test
    void duplicatesAcrossAccountsAliasesAndDomains() {
        String domain = TestDomains.create(admin, "dup", "");
        assertConflict("exists already", admin.post("/domains", "{\"name\":\"" + domain + "\"}"));
        TestDomains.createAccount(admin, domain, "frank", "user");
        assertConflict("exists already", admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"frank\",\"targets\":[\"x@example.org\"]}"));
        admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"localPart\":\"info\",\"targets\":[\"frank@" + domain + "\"]}"));
        assertConflict("exists already", admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"info\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
    }

    /** Runs {@code call} in {@code count} threads at once and returns what each answered. */
    private static List<Integer> inParallel(int count, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(Collections.nCopies(count, call), 60, TimeUnit.SECONDS)) {
                statuses.add(status.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertConflict(String expectedMessage, java.net.http.HttpResponse<String> response) {
        JsonObject error = admin.expect(409, response);
        assertEquals(409, error.getInt("status"));
        assertTrue(error.getString("message").contains(expectedMessage), error.toString());
    }
}
