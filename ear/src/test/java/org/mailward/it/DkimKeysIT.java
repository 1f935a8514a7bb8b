package org.mailward.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A domain's DKIM keys through the REST API: generated, listed with their DNS records, switched off, deleted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DkimKeysIT {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final ApiClient admin = ApiClient.asAdministrator();
    /** The domain {@link #domainAdmin} manages; only the first test adds keys to it. */
    private String domain;
    /** Another customer's domain, with a key the domain administrator must not touch. */
    private String otherDomain;
    private ApiClient domainAdmin;

    @BeforeAll
    void twoDomainsEachWithAnAdministrator() {
        domain = TestDomains.create(admin, "dkim", "");
        otherDomain = TestDomains.create(admin, "dkim-other", "");
        TestDomains.createAccount(admin, domain, "boss", "domain-admin");
        domainAdmin = ApiClient.as("boss@" + domain, TestDomains.PASSWORD);
    }

    @Test
    void keysOfBothAlgorithmsComeWithTheRecordToPublish() throws GeneralSecurityException {
        String path = "/domains/" + domain + "/dkim-keys";
        HttpResponse<String> created = admin.post(path, "{\"algorithm\":\"rsa-sha256\",\"selector\":\"Rsa-2026\"}");
        JsonObject rsa = admin.expect(201, created);
        assertEquals(ApiClient.API + path + "/rsa-2026", created.headers().firstValue("Location").orElseThrow());
        assertEquals("rsa-2026", rsa.getString("selector"), "selectors are stored in lower case");
        assertEquals("rsa-sha256", rsa.getString("algorithm"));
        assertTrue(rsa.getBoolean("active"));
        assertEquals("rsa-2026._domainkey." + domain, rsa.getString("dnsName"));
        assertTrue(rsa.getString("dnsRecord").startsWith("v=DKIM1; k=rsa; p="), rsa.toString());
        PublicKey rsaKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(published(rsa)));
        assertEquals(2048, ((RSAPublicKey) rsaKey).getModulus().bitLength());

        JsonObject ed25519 = domainAdmin.expect(201, domainAdmin.post(path, "{\"algorithm\":\"ed25519-sha256\"}"));
        assertTrue(ed25519.getString("selector").matches("mw20\\d{4}-[a-z0-9]{4}"), "a default selector: " + ed25519);
        assertTrue(ed25519.getString("dnsRecord").startsWith("v=DKIM1; k=ed25519; p="), ed25519.toString());
        byte[] raw = published(ed25519);
        assertEquals(32, raw.length, "RFC 8463 publishes the raw key");
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));

        JsonArray keys = admin.expectArray(200, admin.get(path));
        assertEquals(List.of("rsa-2026", ed25519.getString("selector")),
                keys.getValuesAs(JsonObject.class).stream().map(key -> key.getString("selector")).toList(), "oldest first");
        for (JsonObject key : keys.getValuesAs(JsonObject.class)) {
            assertEquals(List.of("active", "algorithm", "createdAt", "dnsName", "dnsRecord", "selector"),
                    key.keySet().stream().sorted().toList(), "no private key leaves the server");
        }

        JsonObject off = admin.expect(200, admin.put(path + "/rsa-2026", "{\"active\":false}"));
        assertFalse(off.getBoolean("active"));
        assertFalse(admin.expect(200, admin.get(path + "/rsa-2026")).getBoolean("active"));

        admin.expect(204, admin.delete(path + "/rsa-2026"));
        admin.expect(404, admin.delete(path + "/rsa-2026"));
        admin.expect(404, admin.get(path + "/rsa-2026"));
        assertEquals(1, admin.expectArray(200, admin.get(path)).size());
    }

    @Test
    void malformedDuplicateAndUnknownKeysAreRefused() {
        String path = "/domains/" + TestDomains.create(admin, "dkim-bad", "") + "/dkim-keys";
        JsonObject badAlgorithm = admin.expect(400, admin.post(path, "{\"algorithm\":\"rsa-sha1\"}"));
        assertTrue(badAlgorithm.getString("message").contains("rsa-sha256 or ed25519-sha256"), badAlgorithm.toString());
        admin.expect(400, admin.post(path, "{}"));
        admin.expect(400, admin.post(path, ""));
        for (String selector : List.of("a.b", "-x", "x-", "a_b", "x".repeat(64))) {
            JsonObject badSelector = admin.expect(400, admin.post(path, "{\"algorithm\":\"ed25519-sha256\",\"selector\":\"" + selector + "\"}"));
            assertTrue(badSelector.getString("message").contains("not a valid selector"), badSelector.toString());
        }
        admin.expect(201, admin.post(path, "{\"algorithm\":\"ed25519-sha256\",\"selector\":\"twice\"}"));
        admin.expect(409, admin.post(path, "{\"algorithm\":\"rsa-sha256\",\"selector\":\"TWICE\"}"));
        admin.expect(400, admin.put(path + "/twice", "{\"algorithm\":\"rsa-sha256\"}"));
        admin.expect(404, admin.put(path + "/nothing-here", "{\"active\":false}"));
        admin.expect(404, admin.delete(path + "/nothing-here"));
        admin.expect(404, admin.get("/domains/no-such-domain.test/dkim-keys"));
    }

    @Test
    void aDomainAdministratorIsForbiddenAnotherDomainsKeys() {
        String path = "/domains/" + otherDomain + "/dkim-keys";
        admin.expect(201, admin.post(path, "{\"algorithm\":\"ed25519-sha256\",\"selector\":\"theirs\"}"));

        domainAdmin.expect(403, domainAdmin.get(path));
        domainAdmin.expect(403, domainAdmin.post(path, "{\"algorithm\":\"ed25519-sha256\"}"));
        domainAdmin.expect(403, domainAdmin.put(path + "/theirs", "{\"active\":false}"));
        domainAdmin.expect(403, domainAdmin.delete(path + "/theirs"));
        assertTrue(admin.expect(200, admin.get(path + "/theirs")).getBoolean("active"), "nothing changed");
    }

    @Test
    void deletingADomainDeletesItsKeys() {
        String name = TestDomains.create(admin, "dkim-gone", "");
        JsonObject before = admin.expect(201, admin.post("/domains/" + name + "/dkim-keys", "{\"algorithm\":\"rsa-sha256\",\"selector\":\"s1\"}"));

        admin.expect(204, admin.delete("/domains/" + name));
        admin.expect(201, admin.post("/domains", "{\"name\":\"" + name + "\"}"));

        assertEquals(0, admin.expectArray(200, admin.get("/domains/" + name + "/dkim-keys")).size());
        JsonObject after = admin.expect(201, admin.post("/domains/" + name + "/dkim-keys", "{\"algorithm\":\"rsa-sha256\",\"selector\":\"s1\"}"));
        assertNotEquals(before.getString("dnsRecord"), after.getString("dnsRecord"), "a new key, not the old one back");
        admin.expect(204, admin.delete("/domains/" + name));
    }

    @Test
    void theApiDescribesTheKeysInOpenApi() {
        HttpResponse<String> document = ItEnvironment.send(HttpRequest.newBuilder(
                URI.create(ApiClient.API + "/openapi?format=JSON")).build());
        assertEquals(200, document.statusCode(), document.body());
        JsonObject paths = ItEnvironment.json(document.body()).getJsonObject("paths");
        for (String path : List.of("/api/v1/domains/{domain}/dkim-keys", "/api/v1/domains/{domain}/dkim-keys/{selector}")) {
            assertTrue(paths.containsKey(path), path + " missing from " + paths.keySet());
        }
    }

    /** The p= value of the record, decoded. */
    private static byte[] published(JsonObject key) {
        String record = key.getString("dnsRecord");
        return Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2));
    }
}
