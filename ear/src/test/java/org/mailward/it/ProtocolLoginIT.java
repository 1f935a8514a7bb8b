package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Protocol logins through the listeners against real Keycloak passwords: IMAP LOGIN and
 * AUTHENTICATE, POP3 USER/PASS, SMTP AUTH; refused for a wrong password, a disabled account, a
 * disabled domain and a disabled protocol; and the IDS block after repeated failures. Each test
 * connects from its own loopback address, so a block never reaches another test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolLoginIT {

    private static final int IMAP = 2143;
    private static final int IMAPS = 2993;
    private static final int POP3S = 2995;
    private static final int SMTPS = 2465;

    private final ApiClient admin = ApiClient.asAdministrator();
    private String domain;
    private String user;

    @BeforeAll
    void aDomainWithOneUser() {
        domain = TestDomains.create(admin, "login", "");
        TestDomains.createAccount(admin, domain, "gina", "user");
        user = "gina@" + domain;
    }

    @Test
    void imapLoginSucceedsWithThePasswordAndFailsWithoutIt() throws IOException {
        String source = freshSource();
        try (RawClient imap = RawClient.connect(source, IMAPS, true)) {
            String greeting = imap.line();
            assertTrue(greeting.contains("AUTH=PLAIN"), greeting);
            assertEquals("a NO [AUTHENTICATIONFAILED] Authentication failed", last(imap.exchange("a LOGIN " + user + " wrong-password", "a ")));
            assertTrue(last(imap.exchange("b LOGIN \"" + user + "\" \"" + TestDomains.PASSWORD + "\"", "b ")).startsWith("b OK"));
        }
        try (RawClient imap = RawClient.connect(source, IMAPS, true)) {
            imap.line();
            assertTrue(last(imap.exchange("c AUTHENTICATE PLAIN " + RawClient.saslPlain(user, TestDomains.PASSWORD), "c ")).startsWith("c OK"));
        }
    }

    @Test
    void anAccountCreatedWithNothingButAddressAndPasswordLogsIn() throws IOException {
        admin.expect(201, admin.post("/domains/" + domain + "/accounts",
                "{\"localPart\":\"lee\",\"password\":\"" + TestDomains.PASSWORD + "\"}"));
        assertTrue(imapLogin(freshSource(), "lee@" + domain, TestDomains.PASSWORD).startsWith("a OK"));
    }

    @Test
    void pop3AndSmtpLogInWithTheSameAccount() throws IOException {
        String source = freshSource();
        try (RawClient pop3 = RawClient.connect(source, POP3S, true)) {
            assertTrue(pop3.line().startsWith("+OK"));
            assertTrue(pop3.exchange("USER " + user, "").getFirst().startsWith("+OK"));
            assertTrue(pop3.exchange("PASS " + TestDomains.PASSWORD, "").getFirst().startsWith("+OK Logged in"));
        }
        try (RawClient smtp = RawClient.connect(source, SMTPS, true)) {
            assertTrue(smtp.line().startsWith("220"));
            assertTrue(smtp.exchange("EHLO client.test", "250 ").stream().anyMatch(line -> line.contains("AUTH PLAIN LOGIN")));
            assertTrue(last(smtp.exchange("AUTH PLAIN " + RawClient.saslPlain(user, "nope"), "5")).startsWith("535 5.7.8"));
            assertEquals("235 2.7.0 Authentication successful",
                    last(smtp.exchange("AUTH PLAIN " + RawClient.saslPlain(user, TestDomains.PASSWORD), "2")));
        }
    }

    @Test
    void withoutTlsThereIsNoLogin() throws IOException {
        try (RawClient imap = RawClient.connect(freshSource(), IMAP, false)) {
            assertTrue(imap.line().contains("LOGINDISABLED"));
            assertTrue(last(imap.exchange("a LOGIN " + user + " " + TestDomains.PASSWORD, "a ")).startsWith("a NO [PRIVACYREQUIRED]"));
        }
    }

    @Test
    void disabledAccountsDomainsAndProtocolsCannotLogIn() throws IOException {
        TestDomains.createAccount(admin, domain, "henry", "user");
        String henry = "henry@" + domain;
        String source = freshSource();
        assertTrue(imapLogin(source, henry, TestDomains.PASSWORD).startsWith("a OK"));

        admin.expect(200, admin.put("/domains/" + domain + "/accounts/henry", "{\"protocols\":[\"smtp\"]}"));
        assertEquals("a NO [CONTACTADMIN] IMAP is not enabled for this account", imapLogin(source, henry, TestDomains.PASSWORD));

        admin.expect(200, admin.put("/domains/" + domain + "/accounts/henry", "{\"protocols\":[\"imap\"],\"enabled\":false}"));
        assertTrue(imapLogin(source, henry, TestDomains.PASSWORD).startsWith("a NO [AUTHENTICATIONFAILED]"), "disabled account");

        String other = TestDomains.create(admin, "disabled", "");
        TestDomains.createAccount(admin, other, "ivy", "user");
        assertTrue(imapLogin(source, "ivy@" + other, TestDomains.PASSWORD).startsWith("a OK"));
        admin.expect(200, admin.put("/domains/" + other, "{\"enabled\":false}"));
        assertTrue(imapLogin(source, "ivy@" + other, TestDomains.PASSWORD).startsWith("a NO [AUTHENTICATIONFAILED]"), "disabled domain");
        admin.expect(200, admin.put("/domains/" + other, "{\"features\":{\"imap\":false},\"enabled\":true}"));
        assertEquals("a NO [CONTACTADMIN] IMAP is not enabled for this account", imapLogin(source, "ivy@" + other, TestDomains.PASSWORD));
    }

    @Test
    void aChangedPasswordStopsWorkingAtOnceDespiteTheCache() throws IOException {
        TestDomains.createAccount(admin, domain, "jack", "user");
        String jack = "jack@" + domain;
        String source = freshSource();
        assertTrue(imapLogin(source, jack, TestDomains.PASSWORD).startsWith("a OK"));
        admin.expect(204, admin.put("/domains/" + domain + "/accounts/jack/password", "{\"password\":\"Fresh-Password-2026\"}"));
        assertTrue(imapLogin(source, jack, TestDomains.PASSWORD).startsWith("a NO"));
        assertTrue(imapLogin(source, jack, "Fresh-Password-2026").startsWith("a OK"));
    }

    @Test
    void aPasswordChangedInKeycloakItselfStopsWorkingOnceTheCacheAgeIsOver() throws Exception {
        TestDomains.createAccount(admin, domain, "quinn", "user");
        String quinn = "quinn@" + domain;
        String source = freshSource();
        admin.expect(200, admin.put("/system/settings", "{\"login.cache-seconds\":{\"value\":\"2\"}}"));
        try {
            assertTrue(imapLogin(source, quinn, TestDomains.PASSWORD).startsWith("a OK"));
            String id = DirectoryApiIT.keycloakUsers(quinn).getFirst().getString("id");
            HttpResponse<String> reset = ItEnvironment.send(HttpRequest.newBuilder(URI.create(ItEnvironment.KEYCLOAK
                            + "/admin/realms/mailward/users/" + id + "/reset-password"))
                    .header("Authorization", "Bearer " + ItEnvironment.serverToken()).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"password\",\"value\":\"Changed-In-Keycloak-9\",\"temporary\":false}"))
                    .build());
            assertEquals(204, reset.statusCode(), reset.body());
            Thread.sleep(2_500);
            assertTrue(imapLogin(source, quinn, TestDomains.PASSWORD).startsWith("a NO"), "the old password is forgotten");
            assertTrue(imapLogin(source, quinn, "Changed-In-Keycloak-9").startsWith("a OK"));
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"login.cache-seconds\":{\"value\":null}}"));
        }
    }

    @Test
    void failuresAgainstOneAccountFromManyAddressesBlockTheAddressThatGoesOn() throws IOException {
        TestDomains.createAccount(admin, domain, "rita", "user");
        String rita = "rita@" + domain;
        admin.expect(200, admin.put("/system/settings", "{\"ids.max-failed-logins\":{\"value\":\"3\"}}"));
        String third = freshSource();
        try {
            assertTrue(imapLogin(freshSource(), rita, "spray-1").startsWith("a NO [AUTHENTICATIONFAILED]"));
            assertTrue(imapLogin(freshSource(), rita, "spray-2").startsWith("a NO [AUTHENTICATIONFAILED]"));
            try (RawClient imap = RawClient.connect(third, IMAPS, true)) {
                imap.line();
                List<String> reply = imap.exchange("a LOGIN " + rita + " spray-3", "a ");
                assertTrue(reply.getFirst().startsWith("* BYE Too many failed logins"), reply.toString());
            }
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"ids.max-failed-logins\":{\"value\":null}}"));
            admin.expect(204, admin.delete("/system/ids-blocks/" + third));
        }
    }

    @Test
    void bareUserNamesLogInToTheDefaultDomain() throws IOException {
        String source = freshSource();
        assertTrue(imapLogin(source, "gina", TestDomains.PASSWORD).startsWith("a NO"), "no default domain yet");
        admin.expect(200, admin.put("/system/settings", "{\"login.default-domain\":{\"value\":\"" + domain + "\"}}"));
        try {
            assertTrue(imapLogin(source, "gina", TestDomains.PASSWORD).startsWith("a OK"));
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"login.default-domain\":{\"value\":null}}"));
        }
    }

    @Test
    void bareUserNamesLogInToTheDomainTheClientDialled() throws IOException {
        String hosted = TestDomains.create(admin, "sni", "");
        String hostname = "imap." + hosted;
        admin.expect(200, admin.put("/domains/" + hosted, "{\"hostname\":\"" + hostname + "\"}"));
        TestDomains.createAccount(admin, hosted, "mia", "user");
        for (String dialled : List.of(hosted, hostname)) {
            try (RawClient imap = RawClient.connect(freshSource(), IMAPS, true, dialled)) {
                imap.line();
                assertTrue(last(imap.exchange("a LOGIN mia " + TestDomains.PASSWORD, "a ")).startsWith("a OK"), dialled);
            }
        }
        try (RawClient imap = RawClient.connect(freshSource(), IMAPS, true, "elsewhere.test")) {
            imap.line();
            assertTrue(last(imap.exchange("a LOGIN mia " + TestDomains.PASSWORD, "a ")).startsWith("a NO"));
        }
    }

    @Test
    void repeatedFailuresBlockTheAddressInEveryProtocolUntilTheAdministratorLiftsIt() throws IOException {
        // An account of its own: failures count per account too, and other tests fail logins of gina.
        TestDomains.createAccount(admin, domain, "kate", "user");
        String kate = "kate@" + domain;
        String source = freshSource();
        admin.expect(200, admin.put("/system/settings", "{\"ids.max-failed-logins\":{\"value\":\"3\"}}"));
        try {
            assertTrue(imapLogin(source, kate, "guess-1").startsWith("a NO [AUTHENTICATIONFAILED]"));
            assertTrue(imapLogin(source, kate, "guess-2").startsWith("a NO [AUTHENTICATIONFAILED]"));
            try (RawClient imap = RawClient.connect(source, IMAPS, true)) {
                imap.line();
                List<String> blocked = imap.exchange("a LOGIN " + kate + " guess-3", "a ");
                assertTrue(blocked.getFirst().startsWith("* BYE Too many failed logins"), blocked.toString());
                assertTrue(imap.closedByServer());
            }
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"ids.max-failed-logins\":{\"value\":null}}"));
        }
        assertRefusedEverywhere(source);
        assertTrue(imapLogin(freshSource(), user, TestDomains.PASSWORD).startsWith("a OK"), "other addresses are not blocked");

        List<JsonObject> blocks = admin.expectArray(200, admin.get("/system/ids-blocks")).getValuesAs(JsonObject.class);
        assertTrue(blocks.stream().anyMatch(block -> block.getString("address").equals(source)
                && block.getString("reason").contains("failed imap logins")), blocks.toString());

        admin.expect(204, admin.delete("/system/ids-blocks/" + source));
        admin.expect(404, admin.delete("/system/ids-blocks/" + source));
        assertTrue(imapLogin(source, kate, TestDomains.PASSWORD).startsWith("a OK"), "unblocked");
    }

    private static void assertRefusedEverywhere(String source) throws IOException {
        try (RawClient imap = RawClient.connect(source, IMAPS, true)) {
            assertTrue(imap.line().startsWith("* BYE Too many failed logins"));
            assertTrue(imap.closedByServer());
        }
        try (RawClient pop3 = RawClient.connect(source, POP3S, true)) {
            assertTrue(pop3.line().startsWith("-ERR Too many failed logins"));
        }
        try (RawClient smtp = RawClient.connect(source, SMTPS, true)) {
            String greeting = smtp.line();
            assertTrue(greeting.startsWith("554") && greeting.contains("Too many failed logins"), greeting);
        }
    }

    private static String imapLogin(String source, String username, String password) throws IOException {
        try (RawClient imap = RawClient.connect(source, IMAPS, true)) {
            String greeting = imap.line();
            assertFalse(greeting.startsWith("* BYE"), greeting);
            return last(imap.exchange("a LOGIN \"" + username + "\" \"" + password + "\"", "a "));
        }
    }

    /** A loopback address of this test's own (Linux routes all of 127.0.0.0/8 to lo). */
    private static String freshSource() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127.42." + random.nextInt(0, 256) + "." + random.nextInt(1, 255);
    }

    private static String last(List<String> lines) {
        return lines.getLast();
    }
}
