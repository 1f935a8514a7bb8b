package org.mailward.transport.dkim;

import org.junit.jupiter.api.Test;
import org.mailward.directory.DirectoryException;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an administrator may ask for, and the DNS records they are told to publish. */
class DkimKeysTest {

    @Test
    void selectorsAreOneDnsLabelInLowerCase() {
        assertEquals("mail-2026", DkimKeys.selector(" Mail-2026 "));
        assertEquals("a", DkimKeys.selector("a"));
        assertEquals("x".repeat(63), DkimKeys.selector("x".repeat(63)));
        for (String bad : new String[]{"", "-a", "a-", "a.b", "a_b", "a b", "x".repeat(64), "sél"}) {
            DirectoryException e = assertThrows(DirectoryException.class, () -> DkimKeys.selector(bad), bad);
            assertEquals(DirectoryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().contains("not a valid selector"), e.getMessage());
        }
    }

    @Test
    void theDefaultSelectorNamesTheMonthAndDiffers() {
        String first = DkimKeys.defaultSelector();

        assertTrue(first.matches("mw20\\d{4}-[a-z0-9]{4}"), first);
        assertEquals(first, DkimKeys.selector(first));
        assertTrue(java.util.stream.IntStream.range(0, 20).mapToObj(i -> DkimKeys.defaultSelector()).distinct().count() > 1);
    }

    @Test
    void algorithmsAreNamedAsInTheATag() {
        assertEquals(DkimAlgorithm.RSA_SHA256, DkimAlgorithm.of("rsa-sha256"));
        assertEquals(DkimAlgorithm.ED25519_SHA256, DkimAlgorithm.of("ED25519-SHA256"));
        for (String bad : new String[]{null, "", "rsa-sha1", "ed25519"}) {
            DirectoryException e = assertThrows(DirectoryException.class, () -> DkimAlgorithm.of(bad), String.valueOf(bad));
            assertEquals(DirectoryException.Kind.INVALID, e.kind());
        }
    }

    @Test
    void anRsaRecordPublishesThe2048BitSubjectPublicKeyInfo() throws Exception {
        KeyPair keys = DkimAlgorithm.RSA_SHA256.generateKeyPair();

        String record = DkimAlgorithm.RSA_SHA256.dnsRecord(keys.getPublic().getEncoded());

        assertTrue(record.startsWith("v=DKIM1; k=rsa; p="), record);
        byte[] published = Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2));
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(published));
        assertEquals(2048, key.getModulus().bitLength());
        assertEquals(keys.getPublic(), key);
    }

    @Test
    void anEd25519RecordPublishesTheRaw32ByteKey() {
        KeyPair keys = DkimAlgorithm.ED25519_SHA256.generateKeyPair();
        byte[] spki = keys.getPublic().getEncoded();

        String record = DkimAlgorithm.ED25519_SHA256.dnsRecord(spki);

        assertTrue(record.startsWith("v=DKIM1; k=ed25519; p="), record);
        byte[] published = Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2));
        assertEquals(32, published.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length), published);
    }

    @Test
    void theDnsNameIsUnderDomainkey() {
        assertEquals("mw202611-k3x9._domainkey.a.test", DkimKey.dnsName("mw202611-k3x9", "a.test"));
    }

    @Test
    void aSigningKeyNeverShowsItsKeyInText() {
        KeyPair keys = DkimAlgorithm.RSA_SHA256.generateKeyPair();
        SigningKey key = new SigningKey("s1", DkimAlgorithm.RSA_SHA256, keys.getPrivate());

        assertEquals("SigningKey[s1, rsa-sha256]", key.toString());
    }
}
