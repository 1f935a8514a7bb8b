package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What each role may do, proven by its denials: a domain administrator of one domain against
 * another domain and against the system administrator's powers, and a user against everything
 * but their own account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryAuthorizationIT {

    private final ApiClient admin = ApiClient.asAdministrator();
    private String domainA;
    private String domainB;
    private ApiClient domainAdminOfA;
    private ApiClient userOfA;

    @BeforeAll
    void twoDomainsWithAnAdministratorAndAUserInTheFirst() {
        domainA = TestDomains.create(admin, "a", "\"limits\":{\"maxUsers\":3}");
        domainB = TestDomains.create(admin, "b", "");
        TestDomains.createAccount(admin, domainA, "boss", "domain-admin");
        TestDomains.createAccount(admin, domainA, "worker", "user");
        TestDomains.createAccount(admin, domainB, "other", "user");
        domainAdminOfA = ApiClient.as("boss@" + domainA, TestDomains.PASSWORD);
        userOfA = ApiClient.as("worker@" + domainA, TestDomains.PASSWORD);
    }

    @Test
    void aDomainAdministratorManagesTheirOwnDomain() {
        JsonObject page = domainAdminOfA.expect(200, domainAdminOfA.get("/domains"));
        assertEquals(1, page.getInt("total"), "a domain administrator lists only their domain");
        assertEquals(domainA, page.getJsonArray("items").getJsonObject(0).getString("name"));
        domainAdminOfA.expect(201, domainAdminOfA.post("/domains/" + domainA + "/aliases",
                "{\"localPart\":\"team\",\"targets\":[\"worker@" + domainA + "\"]}"));
        domainAdminOfA.expect(200, domainAdminOfA.put("/domains/" + domainA, "{\"passwordPolicy\":{\"minLength\":13}}"));
        domainAdminOfA.expect(204, domainAdminOfA.put("/domains/" + domainA + "/accounts/worker/password",
                "{\"password\":\"" + TestDomains.PASSWORD + "\"}"));
    }

    @Test
    void aDomainAdministratorIsForbiddenAnotherDomain() {
        domainAdminOfA.expect(403, domainAdminOfA.get("/domains/" + domainB));
        domainAdminOfA.expect(403, domainAdminOfA.get("/domains/" + domainB + "/accounts"));
        domainAdminOfA.expect(403, domainAdminOfA.post("/domains/" + domainB + "/accounts",
                "{\"localPart\":\"intruder\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainB + "/accounts/other/password",
                "{\"password\":\"Taken-Over-Account-1\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.delete("/domains/" + domainB + "/accounts/other"));
        domainAdminOfA.expect(403, domainAdminOfA.get("/domains/" + domainB + "/aliases"));
        domainAdminOfA.expect(403, domainAdminOfA.get("/domains/" + domainB + "/settings"));
        admin.expect(200, admin.get("/domains/" + domainB + "/accounts/other"));
    }

    @Test
    void aDomainAdministratorCannotGrantThemselvesMore() {
        domainAdminOfA.expect(403, domainAdminOfA.post("/domains", "{\"name\":\"" + TestDomains.unique("mine") + "\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA, "{\"limits\":{\"maxUsers\":1000}}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA, "{\"features\":{\"catchAll\":false}}"));
        domainAdminOfA.expect(403, domainAdminOfA.delete("/domains/" + domainA));
        domainAdminOfA.expect(403, domainAdminOfA.post("/domains/" + domainA + "/accounts",
                "{\"localPart\":\"deputy\",\"role\":\"domain-admin\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA + "/accounts/worker", "{\"role\":\"domain-admin\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.get("/system/settings"));
        domainAdminOfA.expect(403, domainAdminOfA.get("/system/ids-blocks"));
        assertEquals(3, admin.expect(200, admin.get("/domains/" + domainA)).getJsonObject("limits").getInt("maxUsers"));
    }

    @Test
    void aDomainAdministratorCannotTouchAnotherDomainAdministratorNorClaimNames() {
        TestDomains.createAccount(admin, domainA, "peer", "domain-admin");
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA + "/accounts/peer", "{\"role\":\"user\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA + "/accounts/peer", "{\"enabled\":false}"));
        domainAdminOfA.expect(403, domainAdminOfA.put("/domains/" + domainA + "/accounts/peer/password",
                "{\"password\":\"Taken-Over-Account-1\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.delete("/domains/" + domainA + "/accounts/peer"));
        domainAdminOfA.expect(403, domainAdminOfA.post("/domains/" + domainA + "/domain-aliases", "{\"name\":\"gmail.com\"}"));
        domainAdminOfA.expect(403, domainAdminOfA.get("/domains/no-such-domain.test"));
        domainAdminOfA.expect(400, domainAdminOfA.post("/domains/" + domainA + "/aliases",
                "{\"localPart\":\"*\",\"targets\":[\"worker@" + domainA + "\"]}"));
        assertEquals("domain-admin", admin.expect(200, admin.get("/domains/" + domainA + "/accounts/peer")).getString("role"));
    }

    @Test
    void theAdministratorOfASuspendedDomainAdministersNothing() {
        String suspended = TestDomains.create(admin, "suspended", "");
        TestDomains.createAccount(admin, suspended, "owner", "domain-admin");
        ApiClient owner = ApiClient.as("owner@" + suspended, TestDomains.PASSWORD);
        owner.expect(200, owner.get("/domains/" + suspended));
        admin.expect(200, admin.put("/domains/" + suspended, "{\"enabled\":false}"));
        owner.expect(403, owner.get("/domains/" + suspended));
        owner.expect(403, owner.post("/domains/" + suspended + "/accounts",
                "{\"localPart\":\"new\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        owner.expect(403, owner.get("/me"));
        owner.expect(403, owner.put("/me/password", "{\"password\":\"Suspended-But-Trying-1\"}"));
    }

    @Test
    void aDomainAdministratorStopsAtTheDomainsLimits() {
        String domain = TestDomains.create(admin, "full", "\"limits\":{\"maxUsers\":1}");
        TestDomains.createAccount(admin, domain, "chief", "domain-admin");
        ApiClient chief = ApiClient.as("chief@" + domain, TestDomains.PASSWORD);
        chief.expect(409, chief.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"extra\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
    }

    @Test
    void aUserReachesOnlyTheirOwnAccount() {
        userOfA.expect(403, userOfA.get("/domains"));
        userOfA.expect(403, userOfA.get("/domains/" + domainA + "/accounts"));
        userOfA.expect(403, userOfA.put("/domains/" + domainA + "/accounts/boss/password", "{\"password\":\"Stolen-Password-99\"}"));
        userOfA.expect(403, userOfA.get("/system/settings"));
        JsonObject me = userOfA.expect(200, userOfA.get("/me"));
        assertEquals("worker@" + domainA, me.getString("address"));
        userOfA.expect(403, userOfA.put("/me", "{\"quotaMb\":100000}"));
        userOfA.expect(403, userOfA.put("/me", "{\"enabled\":true,\"protocols\":[\"imap\",\"pop3\",\"smtp\"]}"));
        assertEquals("Worker Bee", userOfA.expect(200, userOfA.put("/me", "{\"displayName\":\"Worker Bee\"}")).getString("displayName"));
    }

    @Test
    void withoutATokenThereIsNoApi() {
        assertEquals(401, ItEnvironment.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(ApiClient.API + "/domains")).header("Accept", "application/json").build()).statusCode());
    }
}
