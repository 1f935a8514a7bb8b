package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IMAP's limits and the extensions that come with them, against the real server: QUOTA from the
 * account's quota, the connections an account may hold (a system setting), COMPRESS=DEFLATE.
 */
class ImapLimitsIT {

    private static final int IMAPS = 2993;
    private static final String MESSAGE = "From: a@example.net\r\nSubject: small\r\n\r\nHello\r\n";
    private static ApiClient admin;
    private static String domain;

    @BeforeAll
    static void aDomain() {
        admin = ApiClient.asAdministrator();
        domain = TestDomains.create(admin, "imaplimits", "");
    }

    private static String newAccount(String localPart, int quotaMb) {
        admin.expect(201, admin.post("/domains/" + domain + "/accounts", "{\"localPart\":\"" + localPart
                + "\",\"password\":\"" + TestDomains.PASSWORD + "\",\"quotaMb\":" + quotaMb + "}"));
        return localPart + "@" + domain;
    }

    @Test
    void theQuotaIsReportedAndAnAppendBeyondItRefused() throws IOException {
        String user = newAccount("quinn", 1);
        try (RawClient imap = loggedIn(user)) {
            List<String> root = imap.exchange("a GETQUOTAROOT INBOX", "a ");
            assertEquals(List.of("* QUOTAROOT \"INBOX\" \"\"", "* QUOTA \"\" (STORAGE 0 1024)", "a OK GETQUOTAROOT completed"), root);

            assertEquals("+ Ready for literal data", imap.exchange("b APPEND INBOX {1200000}", "+").getLast());
            imap.sendRaw("x".repeat(1_200_000) + "\r\n");
            assertTrue(imap.readUntil("b ").getLast().startsWith("b NO [OVERQUOTA] "));

            append(imap, "c");
            assertEquals("* QUOTA \"\" (STORAGE 1 1024)", imap.exchange("d GETQUOTA \"\"", "d ").getFirst());
            assertEquals("e NO [NOPERM] Quotas are set by the administrator", imap.exchange("e SETQUOTA \"\" (STORAGE 9999)", "e ").getLast());

            imap.exchange("f SELECT INBOX", "f ");
            imap.exchange("g STORE 1 +FLAGS.SILENT (\\Deleted)", "g ");
            assertEquals("* STATUS \"INBOX\" (DELETED-STORAGE 1)", imap.exchange("h STATUS INBOX (DELETED-STORAGE)", "h ").getFirst());
        }
    }

    @Test
    void anAccountHoldsNoMoreSessionsThanTheSystemSettingAllows() throws IOException {
        String user = newAccount("cora", 0);
        setting("imap.max-connections-per-account", "2");
        try (RawClient first = loggedIn(user); RawClient second = loggedIn(user);
             RawClient third = RawClient.connect("127.0.0.1", IMAPS, true)) {
            third.line();
            assertEquals("l NO [LIMIT] Too many connections for this account", login(third, "l", user));
            first.exchange("z LOGOUT", "z ");
            assertTrue(first.closedByServer()); // the session has let go of its place by then
            assertTrue(login(third, "m", user).startsWith("m OK "), "the first session's place is free again");
        } finally {
            setting("imap.max-connections-per-account", "20");
        }
    }

    @Test
    void compressDeflateCarriesCommandsAndMessagesBothWays() throws IOException {
        String user = newAccount("dara", 0);
        try (RawClient imap = loggedIn(user)) {
            String capabilities = imap.exchange("a CAPABILITY", "a ").getFirst();
            assertTrue(capabilities.contains(" COMPRESS=DEFLATE") && capabilities.contains(" APPENDLIMIT=")
                    && capabilities.contains(" QUOTA QUOTA=RES-STORAGE"), capabilities);
            assertEquals(List.of("b OK DEFLATE active"), imap.exchange("b COMPRESS DEFLATE", "b "));
            imap.compress();

            append(imap, "c");
            imap.exchange("d SELECT INBOX", "d ");
            List<String> fetched = imap.exchange("e FETCH 1 BODY[]", "e ");
            assertTrue(fetched.contains("Hello") && fetched.getLast().startsWith("e OK"), fetched.toString());
            assertFalse(imap.exchange("f CAPABILITY", "f ").getFirst().contains("COMPRESS"), "offered only until it is on");
            assertEquals("g NO [COMPRESSIONACTIVE] DEFLATE is active already", imap.exchange("g COMPRESS DEFLATE", "g ").getLast());
        }
    }

    private static void append(RawClient imap, String tag) throws IOException {
        assertEquals("+ Ready for literal data", imap.exchange(tag + " APPEND INBOX {" + MESSAGE.length() + "}", "+").getLast());
        imap.sendRaw(MESSAGE + "\r\n");
        assertTrue(imap.readUntil(tag + " ").getLast().startsWith(tag + " OK"));
    }

    private static void setting(String key, String value) {
        admin.expect(200, admin.put("/system/settings", "{\"" + key + "\":{\"value\":\"" + value + "\"}}"));
    }

    /** The tagged answer to a LOGIN. */
    private static String login(RawClient imap, String tag, String user) throws IOException {
        return imap.exchange(tag + " LOGIN " + user + " \"" + TestDomains.PASSWORD + "\"", tag + " ").getLast();
    }

    private static RawClient loggedIn(String user) throws IOException {
        RawClient imap = RawClient.connect("127.0.0.1", IMAPS, true);
        imap.line();
        assertTrue(login(imap, "l", user).startsWith("l OK"));
        return imap;
    }
}
