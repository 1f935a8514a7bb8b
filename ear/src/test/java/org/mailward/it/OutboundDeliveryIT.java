package org.mailward.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.mail.SendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailward.transport.dkim.DkimVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outbound delivery to real SMTP servers on 127.0.0.1 that the test starts, found through a test
 * DNS server that the server under test resolves with (mailward.outbound.dns-servers): success,
 * a retry after a temporary failure, bounces (RFC 3464) for permanent failures, a null MX and an
 * expired message, the smart host, throttling, and the administrator's spool actions.
 */
class OutboundDeliveryIT {

    private static final ApiClient admin = ApiClient.asAdministrator();
    private static final RemoteMailServers remote = RemoteMailServers.get();
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static String domain;
    private static String amy;

    @BeforeAll
    static void directory() {
        domain = TestDomains.create(admin, "outbound", "");
        TestDomains.createAccount(admin, domain, "amy", "user");
        TestDomains.createAccount(admin, domain, "ben", "user");
        amy = "amy@" + domain;
        // Retries within seconds rather than a minute, for the tests that wait for one.
        admin.expect(200, admin.put("/system/settings", "{\"outbound.retry-schedule\":{\"value\":\"2s\"}}"));
    }

    @AfterAll
    static void settingsBack() {
        admin.expect(200, admin.put("/system/settings", "{\"outbound.retry-schedule\":{\"value\":null},\"outbound.lifetime\":{\"value\":null}}"));
    }

    private static void send(String subject, String... to) throws Exception {
        Submissions.send(Submissions.client(true, amy), amy, amy, subject, to);
    }

    @Test
    void mailForARemoteDomainReachesItsMailExchangerInOneTransaction() throws Exception {
        RemoteDomain partner = remote.domain(TestDomains.unique("partner"));
        send("quarterly figures", "ann@" + partner.name(), "bob@" + partner.name());

        ReceivedMessage received = partner.awaitMessages(1, DELIVERY).getFirst();
        assertEquals(amy, received.mailFrom());
        assertEquals(List.of("ann@" + partner.name(), "bob@" + partner.name()), received.rcptTo());
        assertTrue(received.tls(), "STARTTLS offered, so used (opportunistically)");
        assertTrue(received.mailParameters().contains("SIZE="), received.mailParameters());
        String text = received.text();
        assertTrue(text.contains("Subject: quarterly figures\r\n"), text);
        assertTrue(text.startsWith("Received: from laptop.example.net"), "our trace on top: " + text);
        awaitGone(partner.name());
    }

    @Test
    void outboundMailIsSignedWithTheSendersDomainKeysAndAVerifierAcceptsBoth() throws Exception {
        String signing = TestDomains.create(admin, "signing", "");
        TestDomains.createAccount(admin, signing, "sue", "user");
        Map<String, String> records = new HashMap<>();
        for (String algorithm : List.of("rsa-sha256", "ed25519-sha256")) {
            JsonObject key = admin.expect(201, admin.post("/domains/" + signing + "/dkim-keys", "{\"algorithm\":\"" + algorithm + "\"}"));
            records.put(key.getString("dnsName"), key.getString("dnsRecord"));
        }
        RemoteDomain partner = remote.domain(TestDomains.unique("verifier"));
        String sue = "sue@" + signing;
        Submissions.send(Submissions.client(true, sue), sue, sue, "signed twice", "tom@" + partner.name());

        byte[] received = partner.awaitMessages(1, DELIVERY).getFirst().data();
        List<DkimVerifier.Outcome> outcomes = DkimVerifier.verify(received, records);
        assertEquals(Set.of("rsa-sha256", "ed25519-sha256"), outcomes.stream().map(DkimVerifier.Outcome::algorithm).collect(Collectors.toSet()));
        assertTrue(outcomes.stream().allMatch(outcome -> outcome.pass() && outcome.domain().equals(signing)), outcomes.toString());

        byte[] tampered = new String(received, StandardCharsets.UTF_8).replace("Sent by", "Sent, allegedly, by").getBytes(StandardCharsets.UTF_8);
        assertTrue(DkimVerifier.check(tampered, records).stream().noneMatch(DkimVerifier.Outcome::pass), "a changed body fails");
    }

    @Test
    void anAliasLeadingTo150RemoteAddressesIsForwardedInTransactionsOfAtMost100() throws Exception {
        RemoteDomain list = remote.domain(TestDomains.unique("members"));
        // An alias takes at most 100 targets: two of 75, behind a third.
        for (int half = 0; half < 2; half++) {
            StringBuilder targets = new StringBuilder();
            for (int i = 0; i < 75; i++) {
                targets.append(i == 0 ? "" : ",").append("\"m").append(half * 75 + i).append("@").append(list.name()).append("\"");
            }
            admin.expect(201, admin.post("/domains/" + domain + "/aliases", "{\"localPart\":\"half" + half + "\",\"targets\":[" + targets + "]}"));
        }
        admin.expect(201, admin.post("/domains/" + domain + "/aliases",
                "{\"localPart\":\"everyone\",\"targets\":[\"half0@" + domain + "\",\"half1@" + domain + "\"]}"));
        Mailboxes.deliver("everyone@" + domain, "Subject: to all members\r\n\r\nhello\r\n");

        List<ReceivedMessage> received = list.awaitMessages(2, DELIVERY);
        assertEquals(List.of(100, 50), received.stream().map(message -> message.rcptTo().size()).toList());
        assertEquals("sender@example.net", received.getFirst().mailFrom(), "forwarded with the original sender");
        awaitGone(list.name());
    }

    @Test
    void noMoreConnectionsToADomainThanTheSettingAllows() throws Exception {
        RemoteDomain slow = remote.domain(TestDomains.unique("narrow")).answerDataAfter(Duration.ofSeconds(1));
        admin.expect(200, admin.put("/system/settings", "{\"outbound.max-connections-per-domain\":{\"value\":\"2\"}}"));
        try {
            for (int i = 0; i < 6; i++) {
                send("one of six", "x" + i + "@" + slow.name());
            }
            slow.awaitMessages(6, Duration.ofSeconds(60));
            assertEquals(2, slow.mostAtOnce(), "six messages waiting, two connections at a time");
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"outbound.max-connections-per-domain\":{\"value\":null}}"));
        }
    }

    @Test
    void aTemporaryFailureIsRetriedOnSchedule() throws Exception {
        RemoteDomain busy = remote.domain(TestDomains.unique("busy")).deferNextAttempts(1, 451, "4.3.0 try later");
        send("after a retry", "carl@" + busy.name());

        JsonObject deferred = awaitSpooled("carl@" + busy.name(), item -> item.getString("state").equals("DEFERRED"));
        assertTrue(deferred.getString("lastError").contains("451 4.3.0 try later"), deferred.toString());
        assertEquals(1, deferred.getInt("attempts"));
        assertTrue(Instant.parse(deferred.getString("nextAttempt")).isAfter(Instant.parse(deferred.getString("receivedAt"))));

        ReceivedMessage received = busy.awaitMessages(1, DELIVERY).getFirst();
        assertEquals(List.of("carl@" + busy.name()), received.rcptTo());
        awaitGone(busy.name());
    }

    @Test
    void theSenderIsWarnedOnceOfADelayWhenTheSettingAsks() throws Exception {
        RemoteDomain slow = remote.domain(TestDomains.unique("slow")).deferNextAttempts(3, 450, "4.2.1 mailbox busy");
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        admin.expect(200, admin.put("/system/settings", "{\"outbound.delay-warning\":{\"value\":\"1s\"}}"));
        try {
            send("slowly", "uma@" + slow.name());
            String warning = newestRaw(inbox, before + 1);
            assertTrue(warning.contains("Subject: Delayed Mail (still being retried)"), warning);
            assertTrue(warning.contains("Final-Recipient: rfc822; uma@" + slow.name() + "\r\nAction: delayed\r\nStatus: 4.2.1"), warning);
            assertTrue(warning.contains("Will-Retry-Until: "), warning);

            slow.awaitMessages(1, DELIVERY);
            awaitGone(slow.name());
            assertEquals(before + 1, inbox.messages("INBOX").size(), "one warning, and no bounce once delivered");
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"outbound.delay-warning\":{\"value\":null}}"));
        }
    }

    @Test
    void aSenderWhoAskedForSuccessHearsThatTheMailWasRelayedToAServerWithoutDsn() throws Exception {
        RemoteDomain quiet = remote.domain(TestDomains.unique("quiet"));
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        try (AutoCloseable noDsn = remote.withoutDsn();
             RawClient smtp = RawClient.connect(ItEnvironment.HOST, 2465, true)) {
            smtp.line();
            smtp.exchange("EHLO laptop.example.net", "250 ");
            smtp.exchange("AUTH PLAIN " + RawClient.saslPlain(amy, TestDomains.PASSWORD), "235 ");
            smtp.exchange("MAIL FROM:<" + amy + "> ENVID=report+2B1", "250 ");
            smtp.exchange("RCPT TO:<vic@" + quiet.name() + "> NOTIFY=SUCCESS ORCPT=rfc822;vic+2Btag@" + quiet.name(), "250 ");
            smtp.exchange("RCPT TO:<wes@" + quiet.name() + ">", "250 ");
            smtp.exchange("DATA", "354 ");
            smtp.exchange("Subject: tell me\r\n\r\nplease\r\n.", "250 ");
            ReceivedMessage received = quiet.awaitMessages(1, DELIVERY).getFirst();
            assertEquals("", received.rcptParameters().get("vic@" + quiet.name()), "no DSN parameters to a server without DSN");
        }
        String report = newestRaw(inbox, before + 1);
        assertTrue(report.contains("Subject: Successful Mail Delivery Report"), report);
        assertTrue(report.contains("Original-Envelope-Id: report+1"), "ENVID decoded from xtext: " + report);
        assertTrue(report.contains("Original-Recipient: rfc822;vic+tag@" + quiet.name()), report);
        assertTrue(report.contains("Final-Recipient: rfc822; vic@" + quiet.name() + "\r\nAction: relayed\r\nStatus: 2.0.0"), report);
        assertFalse(report.contains("wes@"), "wes asked for nothing: " + report);
    }

    @Test
    void aPermanentFailureBouncesToTheSendersInboxWithTheOriginalHeaders() throws Exception {
        RemoteDomain strict = remote.domain(TestDomains.unique("strict"));
        String nobody = "nobody@" + strict.name();
        strict.refuseRecipients(550, "5.1.1 no such user here", nobody);
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        send("to someone and no one", "dora@" + strict.name(), nobody);

        assertEquals(List.of("dora@" + strict.name()), strict.awaitMessages(1, DELIVERY).getFirst().rcptTo());
        String bounce = newestRaw(inbox, before + 1);
        assertTrue(bounce.startsWith("Return-Path: <>\r\n"), "from the null sender: " + bounce);
        assertTrue(bounce.contains("report-type=delivery-status"), bounce);
        assertTrue(bounce.contains("Final-Recipient: rfc822; " + nobody), bounce);
        assertTrue(bounce.contains("Action: failed"), bounce);
        assertTrue(bounce.contains("Status: 5.1.1"), bounce);
        assertTrue(bounce.contains("Diagnostic-Code: smtp; 550 5.1.1 no such user here"), bounce);
        assertTrue(bounce.contains("Remote-MTA: dns; mx." + strict.name()), bounce);
        assertTrue(bounce.contains("Subject: to someone and no one"), "the original's headers come back: " + bounce);
        assertFalse(bounce.contains("dora@" + strict.name() + "\r\nAction"), "the delivered recipient is not reported");
    }

    @Test
    void aNullMxAndANonexistentDomainBounceAtOnce() throws Exception {
        String nullMx = TestDomains.unique("nullmx");
        remote.nullMxDomain(nullMx);
        String missing = TestDomains.unique("missing");
        remote.noSuchDomain(missing);
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        send("to nowhere", "eve@" + nullMx, "fay@" + missing);

        JsonValue[] bounces = inbox.awaitInbox(before + 2, DELIVERY).stream().limit(2).toArray(JsonValue[]::new);
        String both = inbox.raw(uid(bounces[0])) + inbox.raw(uid(bounces[1]));
        assertTrue(both.contains("Final-Recipient: rfc822; eve@" + nullMx + "\r\nAction: failed\r\nStatus: 5.1.10"), both);
        assertTrue(both.contains("Final-Recipient: rfc822; fay@" + missing + "\r\nAction: failed\r\nStatus: 5.1.2"), both);
    }

    @Test
    void anUnreachableHostIsRetriedUntilTheLifetimeEndsAndThenBounced() throws Exception {
        String unreachable = TestDomains.unique("unreachable");
        remote.unreachableDomain(unreachable);
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        admin.expect(200, admin.put("/system/settings", "{\"outbound.lifetime\":{\"value\":\"6s\"}}"));
        try {
            send("into the void", "gus@" + unreachable);
            JsonObject deferred = awaitSpooled("gus@" + unreachable, item -> item.getString("state").equals("DEFERRED"));
            assertTrue(deferred.getString("lastError").contains("4.4.1"), "connection refused: " + deferred);

            String bounce = newestRaw(inbox, before + 1);
            assertTrue(bounce.contains("Final-Recipient: rfc822; gus@" + unreachable + "\r\nAction: failed\r\nStatus: 4.4.7"), bounce);
            assertTrue(bounce.contains("Subject: into the void"), bounce);
            awaitGone(unreachable);
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"outbound.lifetime\":{\"value\":null}}"));
        }
    }

    @Test
    void aDomainsSmartHostCarriesItsMail() throws Exception {
        String relayed = TestDomains.unique("relayed");
        RemoteDomain behindRelay = remote.relayedDomain(relayed);
        String sender = TestDomains.create(admin, "viarelay", "");
        TestDomains.createAccount(admin, sender, "hal", "user");
        admin.expect(200, admin.put("/domains/" + sender + "/settings", "{\"outbound.relay-host\":{\"value\":\"127.0.0.1:"
                + remote.smtpPort() + "\"},\"outbound.relay-tls\":{\"value\":\"opportunistic\"},"
                + "\"outbound.relay-password\":{\"value\":\"not-shown\"}}"));
        JsonObject settings = admin.expect(200, admin.get("/domains/" + sender + "/settings"));
        assertEquals("(set)", settings.getJsonObject("outbound.relay-password").getString("value"), "a secret is never shown");
        TestDomains.createAccount(admin, sender, "ida", "domain-admin");
        ApiClient ida = ApiClient.as("ida@" + sender, TestDomains.PASSWORD);
        JsonObject refused = ida.expect(403, ida.put("/domains/" + sender + "/settings",
                "{\"outbound.relay-host\":{\"value\":\"10.1.2.3:8080\"}}"));
        assertTrue(refused.getString("message").contains("system administrator"), refused.toString());

        Submissions.send(Submissions.client(true, "hal@" + sender), "hal@" + sender, "hal@" + sender, "via the relay",
                "ian@" + relayed);
        ReceivedMessage received = behindRelay.awaitMessages(1, DELIVERY).getFirst();
        assertEquals("hal@" + sender, received.mailFrom());
    }

    @Test
    void theAdministratorRetriesBouncesAndDeletesWaitingMail() throws Exception {
        RemoteDomain stuck = remote.domain(TestDomains.unique("stuck")).deferNextAttempts(1000, 452, "4.3.1 out of space");
        admin.expect(200, admin.put("/system/settings", "{\"outbound.retry-schedule\":{\"value\":\"1h\"}}"));
        Mailboxes inbox = Mailboxes.of(amy);
        int before = inbox.messages("INBOX").size();
        try {
            send("one", "jo@" + stuck.name());
            send("two", "kim@" + stuck.name());
            send("three", "lea@" + stuck.name());
            JsonObject one = awaitSpooled("jo@" + stuck.name(), item -> item.getString("state").equals("DEFERRED"));
            JsonObject two = awaitSpooled("kim@" + stuck.name(), item -> item.getString("state").equals("DEFERRED"));
            JsonObject three = awaitSpooled("lea@" + stuck.name(), item -> item.getString("state").equals("DEFERRED"));
            assertTrue(Instant.parse(one.getString("nextAttempt")).isAfter(Instant.now().plus(Duration.ofMinutes(50))), one.toString());

            admin.expect(204, admin.post("/system/spool/" + one.getString("id") + "/retry", ""));
            awaitSpooled("jo@" + stuck.name(), item -> item.getInt("attempts") == 2);

            admin.expect(204, admin.post("/system/spool/" + two.getString("id") + "/bounce", ""));
            String bounce = newestRaw(inbox, before + 1);
            assertTrue(bounce.contains("Final-Recipient: rfc822; kim@" + stuck.name() + "\r\nAction: failed\r\nStatus: 5.0.0"), bounce);

            admin.expect(204, admin.delete("/system/spool/" + three.getString("id")));
            assertTrue(spooled("lea@" + stuck.name()).isEmpty());
            assertTrue(spooled("kim@" + stuck.name()).isEmpty());
            admin.expect(404, admin.delete("/system/spool/" + three.getString("id")));
            admin.expect(404, admin.post("/system/spool/not-an-id/retry", ""));
            ApiClient ben = ApiClient.as("ben@" + domain, TestDomains.PASSWORD);
            ben.expect(403, ben.post("/system/spool/" + one.getString("id") + "/bounce", ""));
            assertEquals(before + 1, inbox.messages("INBOX").size(), "a deleted message bounces nothing");
        } finally {
            spool().stream().filter(item -> recipients(item).stream().anyMatch(address -> address.endsWith("@" + stuck.name())))
                    .forEach(item -> admin.delete("/system/spool/" + item.getString("id")));
            admin.expect(200, admin.put("/system/settings", "{\"outbound.retry-schedule\":{\"value\":\"2s\"}}"));
        }
    }

    @Test
    void aDomainsThrottleRejectsOrDelaysWhatGoesOverIt() throws Exception {
        RemoteDomain far = remote.domain(TestDomains.unique("far"));
        String rejecting = TestDomains.create(admin, "throttled", "\"throttling\":{\"messagesPerHour\":1,\"action\":\"reject\"}");
        TestDomains.createAccount(admin, rejecting, "max", "user");
        String max = "max@" + rejecting;
        Submissions.send(Submissions.client(true, max), max, max, "first", "a@" + far.name());
        far.awaitMessages(1, DELIVERY);
        SendFailedException refused = assertThrows(SendFailedException.class,
                () -> Submissions.send(Submissions.client(true, max), max, max, "second", "b@" + far.name()));
        assertTrue(String.valueOf(refused.getMessage()).contains("450 4.7.1")
                || String.valueOf(refused.getNextException()).contains("450 4.7.1"), refused.toString());

        // A user's own limit, set for every user of a domain whose action is reject.
        String perUser = TestDomains.create(admin, "peruser", "\"throttling\":{\"action\":\"reject\"}");
        admin.expect(200, admin.put("/domains/" + perUser + "/settings", "{\"outbound.user-messages-per-hour\":{\"value\":\"1\"}}"));
        TestDomains.createAccount(admin, perUser, "ola", "user");
        TestDomains.createAccount(admin, perUser, "pat", "user");
        String ola = "ola@" + perUser;
        Submissions.send(Submissions.client(true, ola), ola, ola, "first", "e@" + far.name());
        far.awaitMessages(2, DELIVERY);
        SendFailedException olaRefused = assertThrows(SendFailedException.class,
                () -> Submissions.send(Submissions.client(true, ola), ola, ola, "second", "f@" + far.name()));
        assertTrue(String.valueOf(olaRefused.getMessage()).contains("450 4.7.1")
                || String.valueOf(olaRefused.getNextException()).contains("450 4.7.1"), olaRefused.toString());
        String pat = "pat@" + perUser;
        Submissions.send(Submissions.client(true, pat), pat, pat, "pat's own hour", "g@" + far.name());
        far.awaitMessages(3, DELIVERY);

        String delaying = TestDomains.create(admin, "delayed", "\"throttling\":{\"messagesPerHour\":1,\"action\":\"delay\"}");
        TestDomains.createAccount(admin, delaying, "ned", "user");
        String ned = "ned@" + delaying;
        Submissions.send(Submissions.client(true, ned), ned, ned, "first", "c@" + far.name());
        far.awaitMessages(4, DELIVERY);
        Submissions.send(Submissions.client(true, ned), ned, ned, "second", "d@" + far.name());
        JsonObject held = awaitSpooled("d@" + far.name(), item -> item.getString("state").equals("DEFERRED"));
        assertTrue(held.getString("lastError").contains("throttled"), held.toString());
        assertEquals(0, held.getInt("attempts"), "held back, not attempted");
        assertTrue(Instant.parse(held.getString("nextAttempt")).isAfter(Instant.now().plus(Duration.ofMinutes(55))), held.toString());
        admin.expect(204, admin.delete("/system/spool/" + held.getString("id")));
    }

    private static List<String> recipients(JsonObject spoolItem) {
        return spoolItem.getJsonArray("recipients").getValuesAs(JsonString::getString);
    }

    private static long uid(JsonValue message) {
        return message.asJsonObject().getJsonNumber("uid").longValue();
    }

    /** The newest message once the INBOX holds {@code count}, as stored. */
    private static String newestRaw(Mailboxes inbox, int count) throws InterruptedException {
        return inbox.raw(uid(inbox.awaitInbox(count, DELIVERY).getFirst()));
    }

    private static List<JsonObject> spool() {
        return admin.expect(200, admin.get("/system/spool?limit=500")).getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).toList();
    }

    private static Optional<JsonObject> spooled(String recipient) {
        return spool().stream().filter(item -> recipients(item).contains(recipient)).findFirst();
    }

    private static Optional<JsonObject> spooledFor(String remoteDomain) {
        return spool().stream().filter(item -> recipients(item).stream().anyMatch(address -> address.endsWith("@" + remoteDomain)))
                .findFirst();
    }

    private static JsonObject awaitSpooled(String recipient, Predicate<JsonObject> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        Optional<JsonObject> item = spooled(recipient);
        while (item.filter(condition).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            item = spooled(recipient);
        }
        return item.filter(condition).orElseThrow(() -> new AssertionError("no spooled message for " + recipient
                + " as expected; last seen: " + spooled(recipient)));
    }

    private static void awaitGone(String remoteDomain) throws InterruptedException {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (spooledFor(remoteDomain).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still in the spool: " + spooledFor(remoteDomain));
            }
            Thread.sleep(100);
        }
    }
}
