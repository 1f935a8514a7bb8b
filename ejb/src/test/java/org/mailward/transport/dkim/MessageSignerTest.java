package org.mailward.transport.dkim;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signatures of both algorithms, each checked by an independent verifier (dkimpy) against the published records. */
class MessageSignerTest {

    private static final String DOMAIN = "a.test";
    private static final String MESSAGE = """
            Received: from client.example.net by mx.a.test; Tue, 24 Nov 2026 10:00:00 +0000\r
            From: Alice <alice@a.test>\r
            To: bob@example.org,\r
            \tcarol@example.org\r
            Cc: dave@example.org\r
            Subject: Quarterly   figures\r
            Date: Tue, 24 Nov 2026 10:00:00 +0000\r
            Message-ID: <1@a.test>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            List-Id: Figures <figures.a.test>\r
            List-Unsubscribe: <mailto:leave@a.test>\r
            \r
            Dear Bob,  \r
            \r
            the   figures\tare attached.\r
            \r
            \r
            """;

    private static final Map<String, String> RECORDS = new HashMap<>();
    private static List<SigningKey> keys;

    @BeforeAll
    static void oneKeyOfEachAlgorithmPublished() throws GeneralSecurityException {
        keys = List.of(key("rsa1", DkimAlgorithm.RSA_SHA256), key("ed1", DkimAlgorithm.ED25519_SHA256));
    }

    @Test
    void bothSignaturesVerify() throws IOException {
        List<DkimVerifier.Outcome> outcomes = DkimVerifier.verify(signed(MESSAGE), RECORDS);

        assertEquals(List.of("rsa-sha256", "ed25519-sha256"), outcomes.stream().map(DkimVerifier.Outcome::algorithm).toList());
        assertEquals(List.of("rsa1", "ed1"), outcomes.stream().map(DkimVerifier.Outcome::selector).toList());
        assertTrue(outcomes.stream().allMatch(outcome -> outcome.domain().equals(DOMAIN)), outcomes.toString());
    }

    @Test
    void aChangedBodyFailsBothSignatures() throws IOException {
        byte[] signed = signed(MESSAGE);
        String tampered = new String(signed, StandardCharsets.UTF_8).replace("figures\tare", "figures were");

        assertEveryOutcomeFails(tampered, "body hash mismatch");
    }

    @Test
    void aChangedFromFailsBothSignatures() throws IOException {
        String tampered = new String(signed(MESSAGE), StandardCharsets.UTF_8).replace("From: Alice <alice@a.test>", "From: Alice <boss@a.test>");

        assertEveryOutcomeFails(tampered, "does not match");
    }

    @Test
    void anAddedFromFailsBothSignaturesBecauseFromIsOversigned() throws IOException {
        String signed = new String(signed(MESSAGE), StandardCharsets.UTF_8);
        String tampered = signed.replace("Subject: Quarterly", "From: Mallory <mallory@a.test>\r\nSubject: Quarterly");

        assertEveryOutcomeFails(tampered, "");
    }

    @Test
    void signsEveryUsualFieldAsOftenAsPresentAndFromOnceMore() throws IOException {
        String signed = new String(signed(MESSAGE), StandardCharsets.UTF_8);
        Matcher h = Pattern.compile("[;\\s]h=([^;]*);").matcher(signed);

        assertTrue(h.find(), signed);
        assertEquals("from:from:to:cc:subject:date:message-id:mime-version:content-type:list-id:list-unsubscribe",
                h.group(1).replaceAll("\\s", ""));
        assertTrue(h.find(), "the second signature has its own h=");
        assertFalse(signed.contains("l="), "the whole body is signed");
        assertTrue(signed.contains("c=relaxed/relaxed;"), signed);
    }

    @Test
    void theFieldsAreFoldedCrlfLinesInFrontOfTheUnchangedMessage() throws IOException {
        byte[] signatures = MessageSigner.sign(DOMAIN, keys, stream(MESSAGE), Instant.now());
        String text = new String(signatures, StandardCharsets.US_ASCII);

        assertTrue(text.startsWith("DKIM-Signature:"), text);
        assertTrue(text.endsWith("\r\n"), text);
        assertEquals(2, text.split("\r\nDKIM-Signature:", -1).length, "one field per key");
        for (String line : text.split("\r\n")) {
            assertTrue(line.length() <= 78, "folded to RFC 5322's recommended length: " + line);
            assertFalse(line.isEmpty(), "no empty line inside the fields");
        }
    }

    @Test
    void manyRecipientAndListFieldsStillMakeShortLinesThatVerify() throws IOException {
        StringBuilder message = new StringBuilder("From: a@a.test\r\n");
        for (int i = 0; i < 40; i++) {
            message.append("To: r").append(i).append("@example.org\r\n");
            message.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
        }
        byte[] signed = signed(message.append("Subject: many\r\n\r\nbody\r\n").toString());

        DkimVerifier.verify(signed, RECORDS);
        String fields = new String(signed, StandardCharsets.US_ASCII).substring(0, new String(signed, StandardCharsets.US_ASCII).indexOf("From: a@a.test"));
        assertTrue(fields.lines().allMatch(line -> line.length() <= 78), fields);
    }

    @Test
    void theTimestampIsTheSigningTime() throws IOException {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        String text = new String(MessageSigner.sign(DOMAIN, keys, stream(MESSAGE), now), StandardCharsets.US_ASCII);

        assertTrue(text.contains("t=" + now.getEpochSecond() + ";"), text);
    }

    @Test
    void oddBodiesAndHeadersVerify() throws IOException {
        List<String> messages = List.of(
                "From: a@a.test\r\nSubject: empty body\r\n\r\n",
                "From: a@a.test\r\nSubject: no body at all\r\n",
                "From: a@a.test\r\nSubject: no final line break\r\n\r\nlast line",
                "From: a@a.test\r\nSubject: only blank lines\r\n\r\n\r\n\r\n\r\n",
                "From: a@a.test\r\nSubject: white space\r\n\r\n \t \r\n\tx \t y\t\r\n  \r\n",
                "fROM: a@a.test\r\nSUBJECT:  odd case,   spaces \t\r\nTo:\r\n x@example.org\r\n\r\nbody\r\n",
                "From: =?utf-8?q?J=C3=B6rg?= <a@a.test>\r\nSubject: Grüße aus Köln\r\n\r\nGrüße\r\n",
                "From: a@a.test\r\nTo: one@example.org\r\nTo: two@example.org\r\nSubject: x\r\n\r\n" + "long line ".repeat(500) + "\r\n");
        for (String message : messages) {
            byte[] signed = signed(message);
            assertDoesNotThrow(() -> DkimVerifier.verify(signed, RECORDS), message);
        }
    }

    @Test
    void aLargeMessageIsSignedAsItStreams() throws IOException {
        StringBuilder body = new StringBuilder();
        String line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789\r\n";
        while (body.length() < 8 << 20) {
            body.append(line);
        }
        DkimVerifier.verify(signed("From: a@a.test\r\nSubject: big\r\n\r\n" + body), RECORDS);
    }

    @Test
    void noKeysNoSignatures() throws IOException {
        assertArrayEquals(new byte[0], MessageSigner.sign(DOMAIN, List.of(), stream(MESSAGE), Instant.now()));
    }

    @Test
    void aHeaderBeyondReasonGoesUnsigned() throws IOException {
        String huge = "From: a@a.test\r\nX-Filler: " + "x".repeat(HeaderBlock.MAX_BYTES) + "\r\n\r\nbody\r\n";

        assertArrayEquals(new byte[0], MessageSigner.sign(DOMAIN, keys, stream(huge), Instant.now()));
    }

    private static void assertEveryOutcomeFails(String tampered, String reason) {
        List<DkimVerifier.Outcome> outcomes = DkimVerifier.check(tampered.getBytes(StandardCharsets.UTF_8), RECORDS);
        assertEquals(2, outcomes.size(), outcomes.toString());
        for (DkimVerifier.Outcome outcome : outcomes) {
            assertFalse(outcome.pass(), outcome.toString());
            assertTrue(outcome.reason().contains(reason), outcome.toString());
        }
    }

    private static byte[] signed(String message) throws IOException {
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        byte[] signatures = MessageSigner.sign(DOMAIN, keys, new ByteArrayInputStream(raw), Instant.now());
        byte[] signed = new byte[signatures.length + raw.length];
        System.arraycopy(signatures, 0, signed, 0, signatures.length);
        System.arraycopy(raw, 0, signed, signatures.length, raw.length);
        return signed;
    }

    private static InputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8));
    }

    private static SigningKey key(String selector, DkimAlgorithm algorithm) throws GeneralSecurityException {
        KeyPair pair = algorithm.generateKeyPair();
        RECORDS.put(DkimKey.dnsName(selector, DOMAIN), algorithm.dnsRecord(pair.getPublic().getEncoded()));
        return new SigningKey(selector, algorithm, algorithm.privateKey(pair.getPrivate().getEncoded()));
    }
}
