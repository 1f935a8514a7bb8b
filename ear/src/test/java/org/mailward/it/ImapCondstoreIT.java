package org.mailward.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONDSTORE and QRESYNC (RFC 7162) on raw connections: one session changes flags and expunges,
 * another resynchronises from the modseq it last knew, and a client that never asks for modseqs
 * sees none. Modseqs are read from the server's answers, then counted on: each STORE that changes
 * something, and each EXPUNGE, takes the next one.
 */
class ImapCondstoreIT {

    private static final Pattern RESPONSE_CODE = Pattern.compile("^\\* OK \\[(HIGHESTMODSEQ|UIDVALIDITY) (\\d+)]");

    private static String domain;

    @BeforeAll
    static void aDomain() {
        domain = TestDomains.create(ApiClient.asAdministrator(), "condstore", "");
    }

    /** Delivers messages one after the other, so that their UIDs are 1, 2, ... in order. */
    private static void deliver(String user, int count) throws IOException, InterruptedException {
        for (int i = 1; i <= count; i++) {
            Mailboxes.deliver(user, "From: sender@example.net\r\nTo: " + user + "\r\nSubject: Message " + i + "\r\n\r\nBody " + i + "\r\n");
            Mailboxes.of(user).awaitInbox(i);
        }
    }

    /** The value of a SELECT's {@code HIGHESTMODSEQ} or {@code UIDVALIDITY} response code. */
    private static long code(List<String> selected, String name) {
        for (String line : selected) {
            Matcher matcher = RESPONSE_CODE.matcher(line);
            if (matcher.find() && matcher.group(1).equals(name)) {
                return Long.parseLong(matcher.group(2));
            }
        }
        throw new AssertionError("No " + name + " in " + selected);
    }

    @Test
    void aClientAwayResynchronisesWithQresync() throws Exception {
        String user = TestDomains.createUser(domain, "quentin");
        deliver(user, 4);
        long modseq;
        long uidValidity;
        try (RawClient away = RawClient.imapLoggedIn(user)) {
            assertEquals(List.of("* ENABLED QRESYNC", "a OK ENABLE completed"), away.exchange("a ENABLE QRESYNC", "a "));
            List<String> selected = away.exchange("b SELECT INBOX", "b ");
            modseq = code(selected, "HIGHESTMODSEQ");
            uidValidity = code(selected, "UIDVALIDITY");
        }
        try (RawClient other = RawClient.imapLoggedIn(user)) {
            other.exchange("a SELECT INBOX", "a ");
            other.exchange("b STORE 2 +FLAGS.SILENT (\\Deleted)", "b ");
            other.exchange("c STORE 4 +FLAGS.SILENT (\\Flagged)", "c ");
            assertEquals(List.of("* 2 EXPUNGE", "d OK EXPUNGE completed"), other.exchange("d EXPUNGE", "d "), "no VANISHED for it");
        }

        try (RawClient back = RawClient.imapLoggedIn(user)) {
            back.exchange("a ENABLE QRESYNC", "a ");
            List<String> selected = back.exchange("b SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + " 1:4))", "b ");
            assertEquals(modseq + 3, code(selected, "HIGHESTMODSEQ"), "two flag changes and an expunge");
            assertEquals(List.of("* VANISHED (EARLIER) 2", "* 3 FETCH (FLAGS (\\Flagged) UID 4 MODSEQ (" + (modseq + 2) + "))"),
                    selected.stream().filter(line -> line.startsWith("* VANISHED") || line.contains(" FETCH ")).toList());
            assertEquals("b OK [READ-WRITE] SELECT completed", selected.getLast());

            assertEquals(List.of("* VANISHED (EARLIER) 2", "* 3 FETCH (FLAGS (\\Flagged) MODSEQ (" + (modseq + 2) + ") UID 4)",
                    "c OK UID FETCH completed"), back.exchange("c UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)", "c "));
            assertEquals(List.of("* 1 FETCH (UID 1 MODSEQ (" + (modseq + 4) + "))", "d OK UID STORE completed"),
                    back.exchange("d UID STORE 1 +FLAGS.SILENT (\\Deleted)", "d "), "the new modseq, even when silent");
            assertEquals(List.of("* VANISHED 1", "e OK EXPUNGE completed"), back.exchange("e EXPUNGE", "e "));
        }
    }

    @Test
    void conditionalStoreChangedSinceAndSearchModseqBetweenTwoSessions() throws Exception {
        String user = TestDomains.createUser(domain, "conrad");
        deliver(user, 2);
        try (RawClient careful = RawClient.imapLoggedIn(user); RawClient plain = RawClient.imapLoggedIn(user)) {
            long modseq = code(careful.exchange("a SELECT INBOX (CONDSTORE)", "a "), "HIGHESTMODSEQ");
            List<String> selected = plain.exchange("a SELECT INBOX", "a ");
            assertTrue(selected.stream().noneMatch(line -> line.contains("MODSEQ")), "a client that never asked: " + selected);
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen))", "b OK STORE completed"), plain.exchange("b STORE 1 +FLAGS (\\Seen)", "b "));

            assertEquals(List.of("* 2 FETCH (FLAGS (\\Flagged) MODSEQ (" + (modseq + 2) + "))", "c OK [MODIFIED 1] STORE completed"),
                    careful.exchange("c STORE 1:2 (UNCHANGEDSINCE " + modseq + ") +FLAGS (\\Flagged)", "c "),
                    "message 1 changed since, so it is left alone");
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen) MODSEQ (" + (modseq + 1) + "))",
                    "* 2 FETCH (FLAGS (\\Flagged) MODSEQ (" + (modseq + 2) + "))", "d OK FETCH completed"),
                    careful.exchange("d FETCH 1:2 (FLAGS) (CHANGEDSINCE " + modseq + ")", "d "));
            assertEquals(List.of("* SEARCH 2 (MODSEQ " + (modseq + 2) + ")", "e OK SEARCH completed"),
                    careful.exchange("e SEARCH MODSEQ " + (modseq + 2), "e "));
            assertEquals(List.of("* SEARCH", "f OK SEARCH completed"), careful.exchange("f SEARCH MODSEQ " + (modseq + 3), "f "));
            assertEquals(List.of("* 1 FETCH (FLAGS (\\Seen) MODSEQ (" + (modseq + 1) + "))", "g OK NOOP completed"),
                    careful.exchange("g NOOP", "g "), "the other session's change, once, with its modseq");
            assertEquals("* STATUS \"INBOX\" (HIGHESTMODSEQ " + (modseq + 2) + ")",
                    careful.exchange("h STATUS INBOX (HIGHESTMODSEQ)", "h ").get(0));

            assertEquals(List.of("* 2 FETCH (FLAGS (\\Flagged))", "i OK NOOP completed"), plain.exchange("i NOOP", "i "),
                    "no MODSEQ for a client that never asked");
        }
    }

    /**
     * After the records of expunges are pruned (retention 0, pruned through the API as the hourly
     * run would), a client away since before still hears that its message vanished; the server no
     * longer knows which UIDs went when, so it names every UID gone that the client asks about.
     */
    @Test
    void aClientAwayWhileExpungeRecordsArePrunedStillHearsWhatVanished() throws Exception {
        String user = TestDomains.createUser(domain, "priya");
        deliver(user, 4);
        try (RawClient other = RawClient.imapLoggedIn(user)) {
            other.exchange("a SELECT INBOX", "a ");
            other.exchange("b UID STORE 1 +FLAGS.SILENT (\\Deleted)", "b ");
            other.exchange("c EXPUNGE", "c ");
        }
        long modseq;
        long uidValidity;
        try (RawClient away = RawClient.imapLoggedIn(user)) {
            away.exchange("a ENABLE QRESYNC", "a ");
            List<String> selected = away.exchange("b SELECT INBOX", "b ");
            modseq = code(selected, "HIGHESTMODSEQ");
            uidValidity = code(selected, "UIDVALIDITY");
        }
        try (RawClient other = RawClient.imapLoggedIn(user)) {
            other.exchange("a SELECT INBOX", "a ");
            other.exchange("b UID STORE 2 +FLAGS.SILENT (\\Deleted)", "b ");
            other.exchange("c EXPUNGE", "c ");
        }
        ApiClient admin = ApiClient.asAdministrator();
        admin.expect(200, admin.put("/system/settings", "{\"imap.expunged-retention-days\":{\"value\":\"0\"}}"));
        try {
            JsonObject pruned = admin.expect(200, admin.post("/system/expunge-records/pruning", null));
            assertTrue(pruned.getJsonNumber("records").longValue() >= 2, "both expunges of this mailbox at least: " + pruned);
        } finally {
            admin.expect(200, admin.put("/system/settings", "{\"imap.expunged-retention-days\":{\"value\":null}}"));
        }

        try (RawClient back = RawClient.imapLoggedIn(user)) {
            back.exchange("a ENABLE QRESYNC", "a ");
            List<String> selected = back.exchange("b SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + "))", "b ");
            assertEquals(List.of("* VANISHED (EARLIER) 1:2"), selected.stream().filter(line -> line.startsWith("* VANISHED")).toList(),
                    "2, and 1 as well: which of them went after the client's modseq is no longer known");
            assertEquals("b OK [READ-WRITE] SELECT completed", selected.getLast());
            assertEquals(List.of("* VANISHED (EARLIER) 2", "c OK UID FETCH completed"),
                    back.exchange("c UID FETCH 2:4 (FLAGS) (CHANGEDSINCE " + modseq + " VANISHED)", "c "), "only among the UIDs asked about");
            List<String> known = back.exchange("d SELECT INBOX (QRESYNC (" + uidValidity + " " + modseq + " 2:4 (1 2)))", "d ");
            assertEquals(List.of("* VANISHED (EARLIER) 2"), known.stream().filter(line -> line.startsWith("* VANISHED")).toList(),
                    "known UIDs 2 to 4, message 1 was UID 2: that no longer holds, so 2 is still told");
        }
    }
}
