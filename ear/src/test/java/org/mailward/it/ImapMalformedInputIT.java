package org.mailward.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.it.ImapIT.last;

/**
 * What broken or hostile IMAP clients send, on raw sockets: each gets the reply the protocol
 * prescribes, the connection goes on where it should, and the server serves the next client.
 */
class ImapMalformedInputIT {

    private static final int IMAPS = 2993;
    private static final String MESSAGE = "From: a@example.net\r\nSubject: small\r\n\r\nHello\r\n";
    private static ApiClient admin;
    private static String domain;

    @BeforeAll
    static void aDomain() {
        admin = ApiClient.asAdministrator();
        domain = TestDomains.create(admin, "malformed", "");
    }

    @Test
    void linesWithoutATagOrInTheWrongStateAreRefusedAndTheSessionGoesOn() throws IOException {
        String user = TestDomains.createUser(domain, "ann");
        try (RawClient imap = greeted()) {
            assertEquals("* BAD Invalid command", imap.exchange("NOOP", "* ").getFirst(), "no tag");
            assertEquals("* BAD Invalid command", imap.exchange("a", "* ").getFirst(), "a tag alone");
            assertEquals("* BAD Invalid command", imap.exchange("", "* ").getFirst(), "an empty line");
            assertEquals("* BAD Invalid command", imap.exchange("+a NOOP", "* ").getFirst(), "'+' is no tag character");
            assertEquals(List.of("b BAD Command unknown or not implemented"), imap.exchange("b FROBNICATE x", "b "));
            assertEquals(List.of("c BAD Log in first"), imap.exchange("c SELECT INBOX", "c "));
            assertEquals(List.of("d BAD Log in first"), imap.exchange("d FETCH 1 FLAGS", "d "));
            assertEquals(List.of("e BAD Unexpected extra arguments"), imap.exchange("e NOOP now", "e "));
            assertTrue(last(imap.exchange("f LOGIN " + user + " \"" + TestDomains.PASSWORD + "\"", "f ")).startsWith("f OK "));
            assertEquals(List.of("g BAD No mailbox selected"), imap.exchange("g FETCH 1 FLAGS", "g "));
            assertEquals(List.of("h OK NOOP completed"), imap.exchange("h NOOP", "h "));
        }
        assertStillServing(user);
    }

    @Test
    void badSequenceSetsAndUnbalancedSyntaxGetBad() throws Exception {
        String user = userWithOneMessage("ben");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            assertEquals(List.of("b BAD Invalid sequence set"), imap.exchange("b FETCH 0 FLAGS", "b "), "sequence numbers start at 1");
            assertEquals(List.of("c BAD Invalid sequence set"), imap.exchange("c FETCH 1:x FLAGS", "c "));
            assertEquals(List.of("d BAD Invalid message sequence number"), imap.exchange("d FETCH 99 FLAGS", "d "));
            assertEquals(List.of("e BAD Invalid message sequence number"), imap.exchange("e STORE 1:5 +FLAGS (\\Seen)", "e "));
            assertEquals(List.of("f OK UID FETCH completed"), imap.exchange("f UID FETCH 99 FLAGS", "f "),
                    "UIDs that name no message are no error (RFC 9051 section 6.4.9)");
            assertEquals(List.of("g BAD Expected )"), imap.exchange("g FETCH 1 (FLAGS UID", "g "));
            assertEquals(List.of("h BAD Unexpected extra arguments"), imap.exchange("h FETCH 1 FLAGS)", "h "));
            assertEquals(List.of("i BAD Expected ]"), imap.exchange("i FETCH 1 BODY[1", "i "));
            assertEquals(List.of("j BAD Expected )"), imap.exchange("j SEARCH (SUBJECT one", "j "));
            assertEquals(List.of("k BAD Unexpected extra arguments"), imap.exchange("k SEARCH SUBJECT one)", "k "));
            assertEquals(List.of("l BAD Unterminated quoted string"), imap.exchange("l SELECT \"INBOX", "l "));
            assertEquals(List.of("m BAD Invalid escape in quoted string"), imap.exchange("m SELECT \"IN\\BOX\"", "m "));
            assertEquals(List.of("n BAD Invalid argument"), imap.exchange("n SELECT \u00dcberall", "n "), "8-bit text is no atom");
            assertEquals(List.of("* 1 FETCH (FLAGS ())", "o OK FETCH completed"), imap.exchange("o FETCH * FLAGS", "o "),
                    "the session still has its mailbox");
        }
        assertStillServing(user);
    }

    @Test
    void bareCarriageReturnsAndNulsInStringsGetBad() throws IOException {
        String user = TestDomains.createUser(domain, "cleo");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals(List.of("a BAD Invalid character in quoted string"), exchangeBytes(imap, ascii("a SELECT \"IN\rBOX\"\r\n"), "a "));
            assertEquals(List.of("b BAD Invalid character in quoted string"), exchangeBytes(imap, ascii("b SELECT \"IN\0BOX\"\r\n"), "b "));
            assertEquals(List.of("c BAD Command unknown or not implemented"), exchangeBytes(imap, ascii("c NOOP\0\r\n"), "c "));
            assertEquals(List.of("d BAD Mailbox name is not valid modified UTF-7: 8-bit and control characters must be encoded"),
                    imap.exchange("d CREATE \"\u00dcberall\"", "d "), "UTF-8 names only once the client enabled them");
        }
        assertStillServing(user);
    }

    @Test
    void aSearchStringThatIsNotUtf8GetsBadRatherThanAnEmptyResult() throws Exception {
        String user = userWithOneMessage("cloe");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a SELECT INBOX", "a ");
            // 0xFC is ü in ISO-8859-1 and no UTF-8 at all: not a QUOTED-CHAR (RFC 9051 section 9), so a syntax error.
            List<String> searched = exchangeBytes(imap, "b SEARCH BODY \"gr\u00fcsse\"\r\n".getBytes(StandardCharsets.ISO_8859_1), "b ");
            assertTrue(last(searched).startsWith("b BAD "), searched.toString());
        }
        assertStillServing(user);
    }

    @Test
    void aMailboxNameThatIsNotUtf8IsRefusedEvenWithUtf8Enabled() throws IOException {
        String user = TestDomains.createUser(domain, "clio");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals("* ENABLED UTF8=ACCEPT", imap.exchange("a ENABLE UTF8=ACCEPT", "a ").getFirst());
            List<String> created = exchangeBytes(imap, "b CREATE \"Entw\u00fcrfe\"\r\n".getBytes(StandardCharsets.ISO_8859_1), "b ");
            assertTrue(last(created).startsWith("b BAD "), "not stored with a replacement character: " + created);
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive"), folders(imap));
        }
    }

    @Test
    void literalsOverTheLimitAreRefusedBeforeOrAfterTheirData() throws IOException {
        String user = TestDomains.createUser(domain, "dora");
        long literalLimit = Long.parseLong(setting("imap.max-literal-kb")) * 1024;
        String tooLarge = "[TOOBIG] Literal too large (at most " + literalLimit + " octets)";
        try (RawClient imap = greeted()) {
            assertEquals(List.of("a NO " + tooLarge), imap.exchange("a LOGIN {" + (literalLimit + 1) + "}", "a "),
                    "refused before the client sends it");
            assertEquals(List.of("b OK NOOP completed"), imap.exchange("b NOOP", "b "), "no octets were awaited");

            imap.sendRaw("c LOGIN {" + (literalLimit + 1) + "+}\r\n" + "x".repeat((int) literalLimit + 1) + " secret\r\n");
            assertEquals(List.of("c BAD " + tooLarge), imap.readUntil("c "), "LITERAL+: read, dropped and refused");
            assertEquals(List.of("d OK NOOP completed"), imap.exchange("d NOOP", "d "));
            assertTrue(last(imap.exchange("e LOGIN " + user + " \"" + TestDomains.PASSWORD + "\"", "e ")).startsWith("e OK "));

            String capabilities = imap.exchange("f CAPABILITY", "f ").getFirst();
            long appendLimit = Long.parseLong(capabilities.replaceAll(".* APPENDLIMIT=(\\d+).*", "$1"));
            assertEquals(List.of("g NO [TOOBIG] Literal too large (at most " + appendLimit + " octets)"),
                    imap.exchange("g APPEND INBOX {" + (appendLimit + 1) + "}", "g "), "a message over the APPENDLIMIT announced");
            assertEquals(List.of("h OK NOOP completed"), imap.exchange("h NOOP", "h "));
        }
        try (RawClient imap = greeted()) {
            imap.sendRaw("i LOGIN {" + (literalLimit + 1) + "+}\r\n" + "x".repeat((int) literalLimit + 1) + " {3+}\r\n");
            assertEquals("* BYE Too much data for a refused command", imap.line(), "a second literal into a refused command");
            assertTrue(imap.closedByServer());
        }
        assertStillServing(user);
    }

    @Test
    void aLiteralCutShortByADisconnectLeavesNothingBehind() throws IOException {
        String user = TestDomains.createUser(domain, "emil");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals("+ Ready for literal data", imap.exchange("a APPEND INBOX {" + (MESSAGE.length() + 400) + "}", "+").getLast());
            imap.sendRaw(MESSAGE);
        }
        try (RawClient imap = greeted()) {
            assertEquals("+ Ready for literal data", imap.exchange("b LOGIN {" + user.length() + "}", "+").getLast());
            imap.sendRaw(user.substring(0, 3));
        }
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals(List.of("* STATUS \"INBOX\" (MESSAGES 0)", "c OK STATUS completed"), imap.exchange("c STATUS INBOX (MESSAGES)", "c "),
                    "half a message is no message");
        }
    }

    @Test
    void aLineOverTheLimitIsRefusedAndALongOneWithinItServed() throws Exception {
        String user = userWithOneMessage("finn");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            imap.exchange("a EXAMINE INBOX", "a ");
            // A client that names many UIDs one by one, as clients do after a sync: 8,000 octets are allowed.
            String uids = IntStream.iterate(1, uid -> uid + 2).limit(1_700).mapToObj(String::valueOf).collect(Collectors.joining(","));
            String longLine = "b UID FETCH " + uids + " FLAGS";
            assertTrue(longLine.length() > 7_000 && longLine.length() <= 8_192, "length " + longLine.length());
            assertEquals("b OK UID FETCH completed", last(imap.exchange(longLine, "b ")));

            // The tag is known from the line's start; a client waits for it (RFC 9051 section 7.1.3: untagged only when it cannot be).
            imap.sendRaw("c NOOP " + "x".repeat(9_000) + "\r\nd NOOP\r\n");
            assertEquals(List.of("c BAD Line too long", "d OK NOOP completed"), imap.readUntil("d "),
                    "the long line refused under its own tag, the next command served");
        }
        assertStillServing(user);
    }

    @Test
    void aFloodOfBadCommandsIsCutOff() throws IOException {
        String user = TestDomains.createUser(domain, "gus");
        int allowed = Integer.parseInt(setting("imap.max-bad-commands"));
        String unknown = " BAD Command unknown or not implemented";
        try (RawClient imap = greeted()) {
            imap.sendRaw("x FROB\r\n".repeat(allowed) + "n NOOP\r\n" + "y FROB\r\n".repeat(allowed));
            for (int i = 0; i < allowed; i++) {
                assertEquals("x" + unknown, imap.line());
            }
            assertEquals("n OK NOOP completed", imap.line(), "a good command starts the count again");
            for (int i = 0; i < allowed; i++) {
                assertEquals("y" + unknown, imap.line());
            }
            assertEquals(List.of("z" + unknown, "* BYE Too many invalid commands"), imap.exchange("z FROB", "* BYE"));
            assertTrue(imap.closedByServer());
        }
        assertStillServing(user);
    }

    @Test
    void brokenAuthenticateExchangesAreRefused() throws IOException {
        String user = TestDomains.createUser(domain, "hana");
        try (RawClient imap = greeted()) {
            assertEquals("+ ", imap.exchange("a AUTHENTICATE PLAIN", "+").getLast(), "an empty challenge");
            assertEquals(List.of("a BAD Invalid base64"), imap.exchange("!!not base64!!", "a "));
            assertEquals("+ ", imap.exchange("b AUTHENTICATE PLAIN", "+").getLast());
            assertEquals(List.of("b BAD Authentication cancelled"), imap.exchange("*", "b "));
            assertEquals(List.of("c BAD Invalid base64"), imap.exchange("c AUTHENTICATE PLAIN abc!", "c "), "as initial response");
            String noSeparators = Base64.getEncoder().encodeToString((user + TestDomains.PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("d NO [AUTHENTICATIONFAILED] Malformed credentials"), imap.exchange("d AUTHENTICATE PLAIN " + noSeparators, "d "));
            assertEquals(List.of("e NO [CANNOT] Unsupported authentication mechanism"), imap.exchange("e AUTHENTICATE CRAM-MD5", "e "));
            assertTrue(last(imap.exchange("f AUTHENTICATE PLAIN " + RawClient.saslPlain(user, TestDomains.PASSWORD), "f "))
                    .startsWith("f OK [CAPABILITY "), "the same connection still logs in");
        }
    }

    @Test
    void appendToAMissingFolderAndNamesThatAreNotModifiedUtf7() throws IOException {
        String user = TestDomains.createUser(domain, "ivo");
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals("+ Ready for literal data", imap.exchange("a APPEND Nowhere {" + MESSAGE.length() + "}", "+").getLast());
            imap.sendRaw(MESSAGE + "\r\n");
            assertEquals(List.of("a NO [TRYCREATE] No folder Nowhere"), imap.readUntil("a "));

            String invalid = "BAD Mailbox name is not valid modified UTF-7: ";
            assertEquals(List.of("b " + invalid + "'&' starts a shift that never ends with '-'"), imap.exchange("b CREATE &Jjo", "b "));
            assertEquals(List.of("c " + invalid + "printable US-ASCII must not be encoded"), imap.exchange("c SELECT &AGE-", "c "));
            assertEquals(List.of("d " + invalid + "two encoded runs in a row must be one"),
                    imap.exchange("d CREATE &ZeVnLIqe-&ZeVnLIqe-", "d "));
            assertEquals(List.of("e " + invalid + "a broken UTF-16 surrogate pair"), imap.exchange("e CREATE &2D0-", "e "));
            assertEquals(List.of("f " + invalid + "'!' is not modified base64"), imap.exchange("f RENAME Archive &!!-", "f "));
            assertEquals(List.of("g " + invalid + "'&' starts a shift that never ends with '-'"), imap.exchange("g LIST \"\" &Jjo*", "g "));
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive"), folders(imap), "nothing was created or renamed");
        }
    }

    @Test
    void pathTricksNeverReachAnotherAccount() throws Exception {
        String owner = TestDomains.createUser(domain, "rita");
        String intruder = TestDomains.createUser(domain, "sam");
        Mailboxes.deliver(owner, "From: a@example.net\r\nTo: " + owner + "\r\nSubject: Private\r\n\r\nfor rita only\r\n");
        Mailboxes.of(owner).awaitInbox(1);
        try (RawClient imap = RawClient.imapLoggedIn(owner)) {
            imap.exchange("a CREATE Secret/Deep/Deeper", "a ");
        }
        Set<String> ownersFolders = Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive", "Secret/Deep/Deeper");

        String ownersInbox = "../" + owner + "/INBOX";
        try (RawClient imap = RawClient.imapLoggedIn(intruder)) {
            assertEquals(List.of("b NO [NONEXISTENT] No folder " + ownersInbox), imap.exchange("b SELECT " + ownersInbox, "b "));
            assertEquals(List.of("c NO [NONEXISTENT] No folder #shared/x"), imap.exchange("c SELECT #shared/x", "c "));
            assertEquals(List.of("d NO [NONEXISTENT] No folder /" + owner + "/INBOX"), imap.exchange("d EXAMINE /" + owner + "/INBOX", "d "));
            assertEquals(List.of("e OK LIST completed"), imap.exchange("e LIST \"\" \"../*\"", "e "));
            assertEquals(List.of("f OK LIST completed"), imap.exchange("f LIST \"../\" \"*\"", "f "));
            assertEquals(List.of("g OK LIST completed"), imap.exchange("g LIST \"\" \"%/%/%/%/%/%/%/%/%/%\"", "g "));
            assertEquals(List.of("h OK LIST completed"), imap.exchange("h LIST \"\" \"*Secret*\"", "h "));
            assertTrue(last(imap.exchange("i STATUS \"" + ownersInbox + "\" (MESSAGES)", "i ")).startsWith("i NO [NONEXISTENT] "));
            assertEquals("+ Ready for literal data", imap.exchange("j APPEND \"" + ownersInbox + "\" {" + MESSAGE.length() + "}", "+").getLast());
            imap.sendRaw(MESSAGE + "\r\n");
            assertTrue(last(imap.readUntil("j ")).startsWith("j NO [TRYCREATE] "));
            assertTrue(last(imap.exchange("k CREATE " + ownersInbox + "/planted", "k ")).startsWith("k NO "));
            assertTrue(last(imap.exchange("l DELETE \"../" + owner + "/Secret/Deep/Deeper\"", "l ")).startsWith("l NO [NONEXISTENT] "));
            assertEquals(Set.of("INBOX", "Drafts", "Sent", "Junk", "Trash", "Archive"), folders(imap), "the intruder's own, and only those");
        }
        try (RawClient imap = RawClient.imapLoggedIn(owner)) {
            assertEquals(ownersFolders, folders(imap), "the owner's folders are as they were");
            assertEquals("* STATUS \"INBOX\" (MESSAGES 1)", imap.exchange("m STATUS INBOX (MESSAGES)", "m ").getFirst());
        }
    }

    /** The selectable folders LIST "" * names. */
    private static Set<String> folders(RawClient imap) throws IOException {
        return imap.exchange("z LIST \"\" *", "z ").stream().filter(line -> line.startsWith("* LIST ") && !line.contains("\\Noselect"))
                .map(line -> line.substring(line.lastIndexOf(" \"") + 2, line.length() - 1)).collect(Collectors.toSet());
    }

    /** A new account with one message in its INBOX, "gruesse" in its body. */
    private static String userWithOneMessage(String localPart) throws Exception {
        String user = TestDomains.createUser(domain, localPart);
        Mailboxes.deliver(user, "From: a@example.net\r\nTo: " + user + "\r\nSubject: One\r\n\r\ngruesse\r\n");
        Mailboxes.of(user).awaitInbox(1);
        return user;
    }

    /** A fresh IMAPS connection, greeted, not logged in. */
    private static RawClient greeted() throws IOException {
        RawClient imap = RawClient.connect("127.0.0.1", IMAPS, true);
        assertTrue(imap.line().startsWith("* OK "));
        return imap;
    }

    /** The server still greets, logs in and answers after what the test sent. */
    private static void assertStillServing(String user) throws IOException {
        try (RawClient imap = RawClient.imapLoggedIn(user)) {
            assertEquals(List.of("s OK NOOP completed"), imap.exchange("s NOOP", "s "));
        }
    }

    /** Sends octets as they are (NUL, bare CR, what is not UTF-8), and reads up to the tagged reply. */
    private static List<String> exchangeBytes(RawClient imap, byte[] octets, String tag) throws IOException {
        imap.sendBytes(octets);
        return imap.readUntil(tag);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String setting(String key) {
        return admin.expect(200, admin.get("/system/settings")).getJsonObject(key).getString("value");
    }
}
