package org.mailward.transport.outbound.report;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DeliveryStatusNotificationTest {

    private static final Session SESSION = Session.getInstance(properties());
    private static final Instant ARRIVAL = Instant.parse("2026-06-01T08:00:00Z");
    private static final Instant ATTEMPT = Instant.parse("2026-06-01T08:00:05Z");
    private static final Instant RETRY_UNTIL = Instant.parse("2026-06-06T08:00:00Z");
    private static final String ORIGINAL = """
            Message-ID: <lunch.42@example.org>
            From: Alice <alice@example.org>
            To: bob@example.com, carol@example.net
            Subject: Lunch on Friday
            Date: Mon, 1 Jun 2026 10:00:00 +0200

            Shall we meet at noon? The secret body line.
            """.replace("\n", "\r\n");

    private static Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.allowutf8", "true");
        return properties;
    }

    private static RecipientReport failed(String address, String diagnostic) {
        return new RecipientReport(address, "rfc822;" + address, Action.FAILED, "5.1.1", "mx.example.com", diagnostic, ATTEMPT, null);
    }

    private static RecipientReport delayed(String address) {
        return new RecipientReport(address, null, Action.DELAYED, "4.4.1", "mx.example.net", "451 4.4.1 Try again later",
                ATTEMPT, RETRY_UNTIL);
    }

    private static Report report(boolean full, RecipientReport... recipients) {
        return new Report("mx.example.org", "postmaster@mx.example.org", "alice@example.org", "env-7",
                full, ARRIVAL, List.of(recipients));
    }

    private static byte[] write(Report report, byte[] original, long maxReturnedBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeliveryStatusNotification.write(report, new ByteArrayInputStream(original), maxReturnedBytes, out);
        return out.toByteArray();
    }

    private static byte[] write(Report report) throws IOException {
        return write(report, ORIGINAL.getBytes(UTF_8), 1_000_000);
    }

    private static MimeMessage parse(byte[] notification) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(notification));
    }

    private static MimeMultipart parts(MimeMessage message) throws Exception {
        return (MimeMultipart) message.getContent();
    }

    private static String decoded(BodyPart part) throws Exception {
        return new String(part.getInputStream().readAllBytes(), UTF_8);
    }

    /** The delivery-status body as field groups (per-message first), each field unfolded, names as written. */
    private static List<Map<String, String>> statusGroups(BodyPart part) throws Exception {
        List<Map<String, String>> groups = new ArrayList<>();
        for (String group : decoded(part).split("\r\n\r\n")) {
            if (group.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : group.replaceAll("\r\n[ \t]", " ").split("\r\n")) {
                int colon = line.indexOf(':');
                assertTrue(colon > 0, "a field line: " + line);
                assertNull(fields.put(line.substring(0, colon), line.substring(colon + 1).strip()), "field given once: " + line);
            }
            groups.add(fields);
        }
        return groups;
    }

    private static Instant date(String value) {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    /** Every line ends with CRLF and is at most 998 bytes (RFC 5322 section 2.1.1). */
    private static void assertWellFormedLines(byte[] notification) {
        int length = 0;
        for (int i = 0; i < notification.length; i++) {
            byte b = notification[i];
            if (b == '\n') {
                assertTrue(i > 0 && notification[i - 1] == '\r', "bare LF at " + i);
                length = 0;
            } else if (b == '\r') {
                assertTrue(i + 1 < notification.length && notification[i + 1] == '\n', "bare CR at " + i);
            } else {
                assertTrue(++length <= 998, "line too long at " + i);
            }
        }
    }

    @Test
    void aBounceIsAMultipartReportWithTheDeliveryStatusOfEachRecipient() throws Exception {
        byte[] notification = write(report(false, failed("bob@example.com", "550 5.1.1 No such user")));
        assertWellFormedLines(notification);
        MimeMessage message = parse(notification);

        ContentType type = new ContentType(message.getContentType());
        assertEquals("multipart/report", type.getBaseType());
        assertEquals("delivery-status", type.getParameter("report-type"));
        assertEquals("Undelivered Mail Returned to Sender", message.getSubject());
        assertEquals("Mail Delivery System <postmaster@mx.example.org>", message.getHeader("From", null));
        assertEquals("<alice@example.org>", message.getHeader("To", null));
        assertEquals("auto-replied", message.getHeader("Auto-Submitted", null));
        assertEquals("1.0", message.getHeader("MIME-Version", null));
        assertTrue(message.getMessageID().matches("<[0-9a-f]{32}@mx\\.example\\.org>"), message.getMessageID());
        assertTrue(message.getSentDate() != null);
        assertEquals("<lunch.42@example.org>", message.getHeader("In-Reply-To", null));
        assertEquals("<lunch.42@example.org>", message.getHeader("References", null));

        MimeMultipart parts = parts(message);
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertEquals("utf-8", new ContentType(parts.getBodyPart(0).getContentType()).getParameter("charset"));
        assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status"));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"));

        List<Map<String, String>> groups = statusGroups(parts.getBodyPart(1));
        assertEquals(2, groups.size());
        Map<String, String> perMessage = groups.get(0);
        assertEquals("env-7", perMessage.get("Original-Envelope-Id"));
        assertEquals("dns; mx.example.org", perMessage.get("Reporting-MTA"));
        assertEquals(ARRIVAL, date(perMessage.get("Arrival-Date")));
        Map<String, String> bob = groups.get(1);
        assertEquals(List.of("Original-Recipient", "Final-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code",
                "Last-Attempt-Date"), List.copyOf(bob.keySet()));
        assertEquals("rfc822;bob@example.com", bob.get("Original-Recipient"));
        assertEquals("rfc822; bob@example.com", bob.get("Final-Recipient"));
        assertEquals("failed", bob.get("Action"));
        assertEquals("5.1.1", bob.get("Status"));
        assertEquals("dns; mx.example.com", bob.get("Remote-MTA"));
        assertEquals("smtp; 550 5.1.1 No such user", bob.get("Diagnostic-Code"));
        assertEquals(ATTEMPT, date(bob.get("Last-Attempt-Date")));

        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("Your message to bob@example.com could not be delivered."), text);
        assertTrue(text.contains("Reason: the mailbox does not exist (5.1.1)."), text);
        assertTrue(text.contains("The receiving server mx.example.com replied:\r\n    550 5.1.1 No such user\r\n"), text);
        assertTrue(text.contains("The header fields of your message are attached."), text);

        String returned = decoded(parts.getBodyPart(2));
        assertTrue(returned.contains("Subject: Lunch on Friday\r\n"), returned);
        assertTrue(returned.contains("Message-ID: <lunch.42@example.org>\r\n"), returned);
        assertFalse(returned.contains("secret body line"), "only the header block is returned without RET=FULL");
    }

    @Test
    void aDelayWarningSaysUntilWhenItIsRetried() throws Exception {
        MimeMessage message = parse(write(report(false, delayed("carol@example.net"))));
        assertEquals("Delayed Mail (still being retried)", message.getSubject());
        MimeMultipart parts = parts(message);

        Map<String, String> carol = statusGroups(parts.getBodyPart(1)).get(1);
        assertEquals("delayed", carol.get("Action"));
        assertEquals("4.4.1", carol.get("Status"));
        assertFalse(carol.containsKey("Original-Recipient"), "no ORCPT was given");
        assertEquals(RETRY_UNTIL, date(carol.get("Will-Retry-Until")));

        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("Your message to carol@example.net has not been delivered yet."), text);
        assertTrue(text.contains("The server will keep trying until " + FieldText.date(RETRY_UNTIL, ZonedDateTime.now().getZone()) + "."), text);
        assertTrue(text.contains("You do not need to send the message again."), text);
        assertFalse(text.contains("could not be delivered"), text);
    }

    @Test
    void aRelayReportTellsTheSenderThatNoMoreReportsWillCome() throws Exception {
        RecipientReport relayed = new RecipientReport("dan@example.org", "rfc822;dan@example.org", Action.RELAYED, "2.0.0",
                "mx.example.org", "250 2.0.0 queued as 42", ATTEMPT, null);
        MimeMessage message = parse(write(report(true, relayed)));
        assertEquals("Successful Mail Delivery Report", message.getSubject());
        MimeMultipart parts = parts(message);

        Map<String, String> dan = statusGroups(parts.getBodyPart(1)).get(1);
        assertEquals("relayed", dan.get("Action"));
        assertEquals("2.0.0", dan.get("Status"));
        assertEquals("dns; mx.example.org", dan.get("Remote-MTA"));
        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("Your message to dan@example.org was passed on to mx.example.org"), text);
        assertTrue(text.contains("this is the last report you will get for it"), text);
        assertFalse(text.contains("Reason:"), text);
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"), "success never returns the whole message, even with RET=FULL");
    }

    @Test
    void aFailureAndADelayGoInOneReportInTheirOrder() throws Exception {
        MimeMessage message = parse(write(report(false, failed("bob@example.com", null), delayed("carol@example.net"))));
        assertEquals("Undelivered Mail Returned to Sender (other recipients still being retried)", message.getSubject());

        List<Map<String, String>> groups = statusGroups(parts(message).getBodyPart(1));
        assertEquals(3, groups.size());
        assertEquals("rfc822; bob@example.com", groups.get(1).get("Final-Recipient"));
        assertEquals("failed", groups.get(1).get("Action"));
        assertFalse(groups.get(1).containsKey("Diagnostic-Code"), "a local reason has no remote reply");
        assertFalse(groups.get(1).containsKey("Will-Retry-Until"));
        assertEquals("rfc822; carol@example.net", groups.get(2).get("Final-Recipient"));
        assertEquals("delayed", groups.get(2).get("Action"));
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        MimeMultipart parts = parts(parse(write(report(true, failed("bob@example.com", "550 5.1.1 No such user")))));
        BodyPart third = parts.getBodyPart(2);
        assertTrue(third.isMimeType("message/rfc822"));
        MimeMessage returned = (MimeMessage) third.getContent();
        assertEquals("Lunch on Friday", returned.getSubject());
        assertTrue(((String) returned.getContent()).contains("Shall we meet at noon? The secret body line."));
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("Your message is attached."));
    }

    @Test
    void aDelayWarningReturnsTheHeaderFieldsEvenWithRetFull() throws Exception {
        MimeMultipart parts = parts(parse(write(report(true, delayed("carol@example.net")))));
        assertTrue(parts.getBodyPart(2).isMimeType("text/rfc822-headers"));
        assertFalse(decoded(parts.getBodyPart(2)).contains("secret body line"));
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("The header fields of your message are attached."));
    }

    @Test
    void retFullOfATooBigMessageReturnsItsHeaderFieldsOnly() throws Exception {
        byte[] original = ORIGINAL.getBytes(UTF_8);
        MimeMultipart parts = parts(parse(write(report(true, failed("bob@example.com", null)), original, original.length - 1)));
        BodyPart third = parts.getBodyPart(2);
        assertTrue(third.isMimeType("text/rfc822-headers"));
        String returned = decoded(third);
        assertTrue(returned.contains("Subject: Lunch on Friday\r\n"), returned);
        assertFalse(returned.contains("secret body line"));
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("too big to be returned whole"));

        parts = parts(parse(write(report(true, failed("bob@example.com", null)), original, original.length)));
        assertTrue(parts.getBodyPart(2).isMimeType("message/rfc822"), "a message exactly at the limit is returned");
    }

    @Test
    void aBigReturnedMessageStreamsThroughUnchanged() throws Exception {
        StringBuilder body = new StringBuilder(ORIGINAL);
        for (int i = 0; body.length() < 3_000_000; i++) {
            body.append("line ").append(i).append(" of a long message that goes past the in-memory part\r\n");
        }
        byte[] original = body.toString().getBytes(UTF_8);
        byte[] notification = write(report(true, failed("bob@example.com", null)), original, 10_000_000);
        BodyPart third = parts(parse(notification)).getBodyPart(2);
        assertTrue(third.isMimeType("message/rfc822"));
        assertEquals("7bit", third.getHeader("Content-Transfer-Encoding")[0]);
        byte[] returned = third.getInputStream().readAllBytes();
        assertArrayEquals(original, returned);
    }

    @Test
    void bareLineFeedsInTheOriginalComeOutAsCrlf() throws Exception {
        byte[] original = ORIGINAL.replace("\r\n", "\n").getBytes(UTF_8);
        byte[] notification = write(report(true, failed("bob@example.com", null)), original, 1_000_000);
        assertWellFormedLines(notification);
        MimeMessage returned = (MimeMessage) parts(parse(notification)).getBodyPart(2).getContent();
        assertEquals("Lunch on Friday", returned.getSubject());
    }

    @Test
    void aHostileReplyCannotAddFieldsHeadersOrParts() throws Exception {
        String hostile = "550 no\r\nX-Injected: yes\r\n\r\nFinal-Recipient: rfc822; mallory@evil.test\n\u0000\u2028Bcc: victim@example.org\r";
        RecipientReport recipient = new RecipientReport("bob@example.com\r\nX-Address: 1", null, Action.FAILED, "5.7.1",
                "evil.test\r\nX-Host: 1", hostile, ATTEMPT, null);
        Report report = new Report("mx.example.org\r\nX-Mta: 1", "postmaster@mx.example.org\nX-From: 1", "alice@example.org\r\nBcc: x@y",
                "env\r\nX-Envid: 1", false, ARRIVAL, List.of(recipient));
        byte[] notification = write(report);
        assertWellFormedLines(notification);
        MimeMessage message = parse(notification);

        for (String injected : List.of("X-Injected", "X-Address", "X-Host", "X-Mta", "X-From", "X-Envid", "Bcc")) {
            assertNull(message.getHeader(injected), injected);
        }
        MimeMultipart parts = parts(message);
        assertEquals(3, parts.getCount());
        List<Map<String, String>> groups = statusGroups(parts.getBodyPart(1));
        assertEquals(2, groups.size(), "no group of the attacker's");
        assertEquals(List.of("Original-Envelope-Id", "Reporting-MTA", "Arrival-Date"), List.copyOf(groups.get(0).keySet()));
        Map<String, String> bob = groups.get(1);
        assertEquals(List.of("Final-Recipient", "Action", "Status", "Remote-MTA", "Diagnostic-Code", "Last-Attempt-Date"),
                List.copyOf(bob.keySet()));
        assertEquals("rfc822; bob@example.comX-Address:1", bob.get("Final-Recipient"));
        assertEquals("dns; evil.testX-Host:1", bob.get("Remote-MTA"));
        String diagnostic = bob.get("Diagnostic-Code");
        assertTrue(diagnostic.startsWith("smtp; 550 no  X-Injected: yes    Final-Recipient: rfc822; mallory@evil.test"), diagnostic);
        assertTrue(diagnostic.endsWith("Bcc: victim@example.org"), diagnostic);

        String text = (String) parts.getBodyPart(0).getContent();
        assertTrue(text.contains("    550 no\r\n    X-Injected: yes\r\n"), "quoted, indented, line by line: " + text);
    }

    @Test
    void aLongReplyIsFoldedAndUnfoldsToItself() throws Exception {
        String reply = "550-5.7.1 " + "This message was refused because it looks like unsolicited mail to us. ".repeat(12).strip();
        String unbroken = "x".repeat(1500);
        byte[] notification = write(report(false, failed("bob@example.com", reply), failed("dave@example.com", "550 " + unbroken)));
        assertWellFormedLines(notification);
        String status = decoded(parts(parse(notification)).getBodyPart(1));
        for (String line : status.split("\r\n")) {
            assertTrue(line.length() <= 78 || !line.strip().contains(" "), "folded where it could be: " + line);
        }
        List<Map<String, String>> groups = statusGroups(parts(parse(notification)).getBodyPart(1));
        assertEquals("smtp; " + reply, groups.get(1).get("Diagnostic-Code"));
        assertEquals("smtp;550" + unbroken, groups.get(2).get("Diagnostic-Code").replace(" ", ""), "broken up, nothing lost");
        assertTrue(((String) parts(parse(notification)).getBodyPart(0).getContent()).contains("    550 " + unbroken + "\r\n"));
    }

    @Test
    void utf8HeaderFieldsAndAddressesMakeAGlobalReport() throws Exception {
        String original = "Message-ID: <grüße.1@example.org>\r\nFrom: Jürgen <jürgen@example.org>\r\nSubject: Grüße aus Köln\r\n\r\nHallo\r\n";
        RecipientReport recipient = new RecipientReport("用户+tag@example.net", "utf-8;用户+tag@example.net", Action.FAILED, "5.1.1",
                "mx.example.net", "550 5.1.1 用户不存在", ATTEMPT, null);
        Report report = new Report("mx.example.org", "postmaster@mx.example.org", "jürgen@example.org", null, false, ARRIVAL,
                List.of(recipient));
        byte[] notification = write(report, original.getBytes(UTF_8), 1_000_000);
        assertWellFormedLines(notification);
        MimeMessage message = parse(notification);

        assertEquals("global-delivery-status", new ContentType(message.getContentType()).getParameter("report-type"));
        assertEquals("8bit", message.getHeader("Content-Transfer-Encoding", null));
        assertEquals("<jürgen@example.org>", message.getHeader("To", null));
        assertNull(message.getHeader("In-Reply-To"), "a UTF-8 Message-ID is not copied into our ASCII header fields");
        MimeMultipart parts = parts(message);
        assertTrue(parts.getBodyPart(1).isMimeType("message/global-delivery-status"));
        Map<String, String> fields = statusGroups(parts.getBodyPart(1)).get(1);
        assertEquals("utf-8; 用户\\x{2B}tag@example.net", fields.get("Final-Recipient"));
        assertEquals("utf-8;用户+tag@example.net", fields.get("Original-Recipient"));
        assertEquals("smtp; 550 5.1.1 用户不存在", fields.get("Diagnostic-Code"));
        assertTrue(((String) parts.getBodyPart(0).getContent()).contains("Your message to 用户+tag@example.net could not be delivered."));

        BodyPart third = parts.getBodyPart(2);
        assertTrue(third.isMimeType("message/global-headers"));
        assertEquals("8bit", third.getHeader("Content-Transfer-Encoding")[0]);
        assertEquals(original.substring(0, original.indexOf("\r\n\r\n") + 2), decoded(third));
    }

    @Test
    void utf8HeaderFieldsOfAWholeReturnedMessageMakeItMessageGlobal() throws Exception {
        String original = "From: jürgen@example.org\r\nSubject: Grüße\r\n\r\nHallo\r\n";
        byte[] notification = write(report(true, failed("bob@example.com", null)), original.getBytes(UTF_8), 1_000_000);
        MimeMultipart parts = parts(parse(notification));
        BodyPart third = parts.getBodyPart(2);
        assertTrue(third.isMimeType("message/global"));
        assertEquals("8bit", third.getHeader("Content-Transfer-Encoding")[0]);
        assertEquals(original, decoded(third));
        assertEquals("rfc822; bob@example.com", statusGroups(parts.getBodyPart(1)).get(1).get("Final-Recipient"));
    }

    @Test
    void eightBitHeaderFieldsInAnotherCharsetAreReturnedQuotedPrintableWithTheirBytes() throws Exception {
        byte[] original = "From: j\u00fcrgen@example.org\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nHallo\r\n".getBytes(ISO_8859_1);
        MimeMessage message = parse(write(report(false, failed("bob@example.com", null)), original, 1_000_000));
        assertEquals("delivery-status", new ContentType(message.getContentType()).getParameter("report-type"));
        assertEquals("7bit", message.getHeader("Content-Transfer-Encoding", null));
        BodyPart third = parts(message).getBodyPart(2);
        assertTrue(third.isMimeType("text/rfc822-headers"));
        assertEquals("quoted-printable", third.getHeader("Content-Transfer-Encoding")[0]);
        byte[] headers = new byte[original.length - "\r\nHallo\r\n".length()];
        System.arraycopy(original, 0, headers, 0, headers.length);
        assertArrayEquals(headers, third.getInputStream().readAllBytes());
    }

    @Test
    void anOriginalWithoutMessageIdIsNotThreaded() throws Exception {
        byte[] original = "Subject: no id\r\n\r\nbody\r\n".getBytes(UTF_8);
        MimeMessage message = parse(write(report(false, failed("bob@example.com", null)), original, 1_000_000));
        assertNull(message.getHeader("In-Reply-To"));
        assertNull(message.getHeader("References"));
        assertEquals(3, parts(message).getCount());
    }

    @Test
    void reportsThatWouldBeWrongAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RecipientReport("bob@example.com", null, Action.FAILED, "2.0.0",
                null, null, ATTEMPT, null), "a failure with a success status");
        assertThrows(IllegalArgumentException.class, () -> new RecipientReport("bob@example.com", null, Action.DELAYED, "5.1.1",
                null, null, ATTEMPT, RETRY_UNTIL), "a delay with a permanent status");
        assertThrows(IllegalArgumentException.class, () -> new RecipientReport("bob@example.com", null, Action.RELAYED, "5.1.1",
                null, null, ATTEMPT, null), "a relay with a failure status");
        assertEquals("4.4.7", new RecipientReport("bob@example.com", null, Action.FAILED, "4.4.7", null, null, ATTEMPT, null).status(),
                "given up after the lifetime: a transient status whose persistence failed it (RFC 3463)");
        assertThrows(IllegalArgumentException.class, () -> new RecipientReport("bob@example.com", null, Action.DELAYED, "4.4",
                null, null, ATTEMPT, RETRY_UNTIL), "not an enhanced status code");
        assertThrows(IllegalArgumentException.class, () -> new RecipientReport("bob@example.com", null, Action.FAILED, "5.1.1",
                null, null, ATTEMPT, RETRY_UNTIL.plus(1, ChronoUnit.DAYS)), "a failure is not retried");
        assertThrows(IllegalArgumentException.class, () -> new Report("mx.example.org", "postmaster@mx.example.org", "", null,
                false, ARRIVAL, List.of(failed("bob@example.com", null))), "never to the null sender");
        assertThrows(IllegalArgumentException.class, () -> new Report("mx.example.org", "postmaster@mx.example.org",
                "alice@example.org", null, false, ARRIVAL, List.of()), "about nobody");
    }
}
