package org.mailward.it;

import java.util.UUID;

/** Names that no other test run uses, so tests never depend on what an earlier run left behind. */
final class TestDomains {

    static final String PASSWORD = "Correct-Horse-7-Battery";

    private TestDomains() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".test";
    }

    /** Creates a domain as the system administrator with the given JSON members added, and returns its name. */
    static String create(ApiClient admin, String prefix, String extraJson) {
        String name = unique(prefix);
        admin.expect(201, admin.post("/domains", "{\"name\":\"" + name + "\"" + (extraJson.isEmpty() ? "" : "," + extraJson) + "}"));
        return name;
    }

    static void createAccount(ApiClient admin, String domain, String localPart, String role) {
        admin.expect(201, admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"" + localPart
                + "\",\"displayName\":\"Test " + localPart + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}"));
    }

    /** A new end user of {@code domain}, created by the administrator; answers the address. */
    static String createUser(String domain, String localPart) {
        createAccount(ApiClient.asAdministrator(), domain, localPart, "user");
        return localPart + "@" + domain;
    }
}
