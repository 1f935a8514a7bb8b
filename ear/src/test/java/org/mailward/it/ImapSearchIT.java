package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IMAP SEARCH through the full-text index: decoded bodies, attachments' text, words folded for
 * case and accents, Chinese and Japanese words inside their sentences, mail found the moment it is
 * delivered, and nothing of another account's, nor of a deleted one's; the system administrator's
 * rebuild of the index.
 */
class ImapSearchIT {

    private static String domain;

    @BeforeAll
    static void aDomain() {
        domain = TestDomains.create(ApiClient.asAdministrator(), "search", "");
    }

    @Test
    void textInBase64QuotedPrintableAndAPdfAttachmentIsFoundAsSoonAsTheMailArrives() throws Exception {
        String user = TestDomains.createUser(domain, "finn");
        Mailboxes.deliver(user, multipart("Delivery of the crates", "Grüße aus Zürich, die Kisten sind unterwegs."));
        Mailboxes.deliver(user, """
                From: ops@example.net
                Subject: Lunch
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Shall we have lunch at the caf=C3=A9 by the harbour?
                """.replace("\n", "\r\n"));
        Mailboxes.of(user).awaitInbox(2);

        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            // The first search indexes what arrived a moment ago: nothing is missed for being new.
            int crates = Integer.parseInt(only(imap.exchange("b SEARCH BODY zanzibar", "b ")));
            assertEquals(List.of(String.valueOf(crates)), found(imap.exchange("c SEARCH BODY \"GRÜSSE aus\"", "c ")),
                    "base64 text decoded from ISO-8859-1, case and accents folded");
            assertEquals(List.of(String.valueOf(crates)), found(imap.exchange("d SEARCH CHARSET UTF-8 TEXT \"zür\"", "d ")), "a word's beginning, folded");
            int lunch = 3 - crates;
            assertEquals(List.of(String.valueOf(lunch)), found(imap.exchange("e SEARCH BODY cafe", "e ")), "quoted-printable decoded");
            assertEquals(List.of(String.valueOf(lunch)), found(imap.exchange("f SEARCH BODY harb", "f ")), "a word's beginning");
            assertEquals(List.of(String.valueOf(crates)), found(imap.exchange("g SEARCH SUBJECT crates FROM logistics", "g ")));
            assertEquals(List.of("1", "2"), found(imap.exchange("h SEARCH OR BODY friday TEXT lunch", "h ")));
            assertEquals(List.of(), found(imap.exchange("i SEARCH BODY Lunch NOT SUBJECT lunch", "i ")),
                    "BODY leaves the header out");
        }
    }

    @Test
    void anotherAccountsWordsAreNeverFoundAndExpungedMailIsForgotten() throws Exception {
        String owner = TestDomains.createUser(domain, "gwen");
        String other = TestDomains.createUser(domain, "hal");
        Mailboxes.deliver(owner, multipart("Private", "The vault code is in the attachment."));
        Mailboxes.of(owner).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(other)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of(), found(imap.exchange("b SEARCH TEXT zanzibar", "b ")));
        }
        try (RawClient imap = RawClient.imapLoggedIn(owner)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("1"), found(imap.exchange("b UID SEARCH TEXT zanzibar", "b ")));
            assertTrue(last(imap.exchange("c UID COPY 1 Archive", "c ")).startsWith("c OK"));
            imap.exchange("d STORE 1 +FLAGS.SILENT (\\Deleted)", "d ");
            imap.exchange("e EXPUNGE", "e ");
            assertEquals(List.of(), found(imap.exchange("f UID SEARCH TEXT zanzibar", "f ")));
            imap.exchange("g SELECT Archive", "g ");
            assertEquals(List.of("1"), found(imap.exchange("h UID SEARCH TEXT vault", "h ")), "the copy is indexed in its own right");
        }
    }

    @Test
    void chineseAndJapaneseWordsAreFoundInsideTheirSentences() throws Exception {
        String user = TestDomains.createUser(domain, "mei");
        Mailboxes.deliver(user, ("From: Tanaka <tanaka@example.jp>\n"
                + "Subject: =?UTF-8?B?" + base64("東京の会議について") + "?=\n"
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + base64("我们明天下午开会讨论预算。\n東京タワーに行きました。Mailwardの使い方を説明します。\n") + "\n").replace("\n", "\r\n"));
        Mailboxes.deliver(user, """
                From: ops@example.net
                Subject: Budget
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                The budget meeting is tomorrow afternoon.
                """.replace("\n", "\r\n"));
        Mailboxes.of(user).awaitInbox(2);

        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            String tokyo = only(imap.exchange("b SEARCH BODY mailward", "b "));
            assertEquals(List.of(tokyo), found(searchUtf8(imap, "c", "TEXT", "开会讨论")), "Chinese words inside a sentence");
            assertEquals(List.of(tokyo), found(searchUtf8(imap, "d", "BODY", "タワー")), "katakana inside a sentence");
            assertEquals(List.of(tokyo), found(searchUtf8(imap, "e", "BODY", "行きました")), "kanji and hiragana inside a sentence");
            assertEquals(List.of(tokyo), found(searchUtf8(imap, "f", "BODY", "算")), "a single character, the last of its run");
            assertEquals(List.of(tokyo), found(searchUtf8(imap, "g", "SUBJECT", "会議")), "an encoded subject");
            assertEquals(List.of(), found(searchUtf8(imap, "h", "BODY", "讨论开会")), "its characters, but not in this order");
            assertEquals(List.of(), found(searchUtf8(imap, "i", "BODY", "大阪")));
        }
    }

    /** SEARCH CHARSET UTF-8 with the key's value as a literal of its UTF-8 octets. */
    private static List<String> searchUtf8(RawClient imap, String tag, String key, String value) throws IOException {
        imap.send(tag + " SEARCH CHARSET UTF-8 " + key + " {" + value.getBytes(StandardCharsets.UTF_8).length + "}");
        assertEquals("+ Ready for literal data", imap.line());
        imap.sendRaw(value + "\r\n");
        return imap.readUntil(tag + " ");
    }

    private static String base64(String text) {
        return Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeletedAccountsMailLeavesTheIndexAndTheNextOwnerOfTheAddressNeverFindsIt() throws Exception {
        String word = uniqueWord();
        String user = TestDomains.createUser(domain, "ivo");
        Mailboxes.deliver(user, plain("Before I leave", "The " + word + " code is in the top drawer."));
        Mailboxes.of(user).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("1"), found(imap.exchange("b SEARCH TEXT " + word, "b ")), "indexed before the account goes");
        }
        assertEquals(1, SearchIndexFiles.awaitDocumentsWithBodyWord(word, 1), "the index on disk holds the message");

        ApiClient admin = ApiClient.asAdministrator();
        admin.expect(204, admin.delete("/domains/" + domain + "/accounts/ivo"));
        assertEquals(0, SearchIndexFiles.awaitDocumentsWithBodyWord(word, 0), "nothing of a deleted account's mail stays in the index");

        TestDomains.createUser(domain, "ivo");
        Mailboxes.deliver(user, plain("Hello", "The new owner of this address."));
        Mailboxes.of(user).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of(), found(imap.exchange("b SEARCH TEXT " + word, "b ")));
            assertEquals(List.of("1"), found(imap.exchange("c SEARCH TEXT owner", "c ")), "the new mailbox is searched");
        }
    }

    @Test
    void aSystemAdministratorRebuildsAnAccountsOrADomainsIndexAndTheMailStaysSearchable() throws Exception {
        String word = uniqueWord();
        String user = TestDomains.createUser(domain, "jo");
        Mailboxes.deliver(user, plain("For later", "Filed under " + word + " in the archive."));
        Mailboxes.of(user).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("1"), found(imap.exchange("b SEARCH TEXT " + word, "b ")));
        }

        String rebuildAccount = "{\"account\":\"" + user + "\"}";
        ApiClient owner = ApiClient.as(user, TestDomains.PASSWORD);
        owner.expect(403, owner.post("/system/search-index/rebuild", rebuildAccount));
        TestDomains.createAccount(ApiClient.asAdministrator(), domain, "kim", "domain-admin");
        ApiClient domainAdmin = ApiClient.as("kim@" + domain, TestDomains.PASSWORD);
        domainAdmin.expect(403, domainAdmin.post("/system/search-index/rebuild", "{\"domain\":\"" + domain + "\"}"));

        ApiClient admin = ApiClient.asAdministrator();
        assertEquals(1, admin.expect(202, admin.post("/system/search-index/rebuild", rebuildAccount)).getInt("queued"),
                "the account's one message waits to be indexed again");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("1"), found(imap.exchange("b SEARCH TEXT " + word, "b ")), "found right after the rebuild");
        }
        assertTrue(admin.expect(202, admin.post("/system/search-index/rebuild", "{\"domain\":\"" + domain + "\"}"))
                .getInt("queued") >= 1);
        assertEquals(1, SearchIndexFiles.awaitDocumentsWithBodyWord(word, 1), "indexed again in the background, before any search");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("1"), found(imap.exchange("b SEARCH TEXT " + word, "b ")));
        }

        admin.expect(400, admin.post("/system/search-index/rebuild", "{}"));
        admin.expect(400, admin.post("/system/search-index/rebuild", "{\"domain\":\"" + domain + "\",\"all\":true}"));
        admin.expect(404, admin.post("/system/search-index/rebuild", "{\"account\":\"nobody@" + domain + "\"}"));
    }

    /** A word no other message of any test run holds (the index keeps words in lower case). */
    private static String uniqueWord() {
        return "qz" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String plain(String subject, String text) {
        return ("From: ops@example.net\nSubject: " + subject + "\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n")
                .replace("\n", "\r\n");
    }

    /** A message from logistics@example.net with a Latin-1 text in base64 and the shipping offer PDF. */
    private static String multipart(String subject, String text) throws IOException {
        String pdf;
        try (InputStream in = ImapSearchIT.class.getResourceAsStream("/search/shipping-offer.pdf")) {
            pdf = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(in.readAllBytes());
        }
        return ("From: Logistics <logistics@example.net>\nSubject: " + subject + "\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"x\"\n\n"
                + "--x\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(text.getBytes(StandardCharsets.ISO_8859_1)) + "\n"
                + "--x\nContent-Type: application/pdf; name=\"offer.pdf\"\nContent-Disposition: attachment; filename=\"offer.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\n" + pdf + "\n--x--\n").replace("\n", "\r\n");
    }



    /** The numbers of a SEARCH response, after checking that the command completed. */
    private static List<String> found(List<String> lines) {
        assertTrue(last(lines).contains(" OK "), lines.toString());
        String result = lines.stream().filter(line -> line.startsWith("* SEARCH")).findFirst().orElseThrow();
        String numbers = result.substring("* SEARCH".length()).strip();
        return numbers.isEmpty() ? List.of() : List.of(numbers.split(" "));
    }

    private static String only(List<String> lines) {
        List<String> numbers = found(lines);
        assertEquals(1, numbers.size(), lines.toString());
        return numbers.getFirst();
    }

    private static String last(List<String> lines) {
        return lines.getLast();
    }
}
