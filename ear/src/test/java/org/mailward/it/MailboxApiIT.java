package org.mailward.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mail store's operations as webmail uses them through /api/v1/me: folders (nested, renamed
 * with their children, deleted), append, flags with modseq and UNCHANGEDSINCE, copy, move and
 * delete by UID, quota, and nobody reaching anyone else's mail.
 */
class MailboxApiIT {

    private static final ApiClient admin = ApiClient.asAdministrator();
    private static String domain;

    @BeforeAll
    static void directory() {
        domain = TestDomains.create(admin, "webmail", "");
        TestDomains.createAccount(admin, domain, "liz", "user");
        TestDomains.createAccount(admin, domain, "max", "user");
        TestDomains.createAccount(admin, domain, "ned", "user");
    }

    private static HttpResponse<String> append(String user, String folder, String message, String... flags) {
        StringBuilder query = new StringBuilder("?folder=" + ItEnvironment.encode(folder));
        for (String flag : flags) {
            query.append("&flag=").append(flag);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(ApiClient.API + "/me/messages" + query))
                .header("Authorization", "Bearer " + ItEnvironment.accessToken(user, TestDomains.PASSWORD))
                .header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build();
        return ItEnvironment.send(request);
    }

    private static long appended(String user, String folder, String subject, String... flags) {
        HttpResponse<String> response = append(user, folder, "Subject: " + subject + "\r\nFrom: x@example.net\r\n\r\nbody\r\n", flags);
        assertEquals(201, response.statusCode(), response.body());
        return ItEnvironment.json(response.body()).getJsonNumber("uid").longValue();
    }

    @Test
    void foldersNestRenameWithTheirChildrenAndGo() {
        String liz = "liz@" + domain;
        ApiClient api = ApiClient.as(liz, TestDomains.PASSWORD);
        api.expect(201, api.post("/me/folders", "{\"name\":\"Projects\"}"));
        JsonObject child = api.expect(201, api.post("/me/folders", "{\"name\":\"Projects/2026\"}"));
        assertEquals(1, child.getJsonNumber("uidNext").longValue());
        appended(liz, "Projects/2026", "kept through the rename");

        api.expect(200, api.put("/me/folders/Projects", "{\"name\":\"Work\"}"));
        Mailboxes mailbox = Mailboxes.of(liz);
        assertEquals(1, mailbox.folder("Work/2026").getInt("messages"), "the child moved with its parent, messages included");
        assertEquals(List.of("kept through the rename"), mailbox.messages("Work/2026").stream()
                .map(m -> m.asJsonObject().getJsonObject("summary").getString("subject")).toList());

        api.expect(409, api.post("/me/folders", "{\"name\":\"Work\"}"));
        api.expect(409, api.post("/me/folders", "{\"name\":\"inbox\"}"));
        api.expect(400, api.post("/me/folders", "{\"name\":\"../max\"}"));
        api.expect(400, api.post("/me/folders", "{\"name\":\"a//b\"}"));
        api.expect(400, api.delete("/me/folders/INBOX"));
        api.expect(404, api.get("/me/messages?folder=Nowhere"));
        api.expect(400, api.put("/me/folders/Work", "{\"name\":\"Work/inner\"}"));
        api.expect(201, api.post("/me/folders", "{\"name\":\"Old\"}"));
        api.expect(201, api.post("/me/folders", "{\"name\":\"Old/2026\"}"));
        api.expect(201, api.post("/me/folders", "{\"name\":\"Next/2026\"}"));
        api.expect(409, api.put("/me/folders/Old", "{\"name\":\"Next\"}")); // Old/2026 would land on Next/2026
        assertEquals(0, mailbox.folder("Old/2026").getInt("messages"), "nothing moved");
        api.expect(409, api.delete("/me/folders/Work")); // Work/2026 is below it

        api.expect(204, api.delete("/me/folders/Work/2026"));
        api.expect(404, api.get("/me/messages?folder=Work/2026"));
        api.expect(204, api.delete("/me/folders/Work"));
    }

    @Test
    void flagsChangeWithANewModseqAndUnchangedSinceProtectsLaterChanges() {
        String max = "max@" + domain;
        ApiClient api = ApiClient.as(max, TestDomains.PASSWORD);
        long uid = appended(max, "INBOX", "to be read");
        Mailboxes mailbox = Mailboxes.of(max);
        long modseqBefore = mailbox.folder("INBOX").getJsonNumber("highestModseq").longValue();
        assertEquals(1, mailbox.folder("INBOX").getInt("unseen"));

        JsonObject seen = api.expect(200, api.put("/me/messages/" + uid + "/flags",
                "{\"mode\":\"ADD\",\"flags\":[\"SEEN\",\"\\\\Flagged\"],\"keywords\":[\"$Important\"]}"));
        JsonObject changed = seen.getJsonArray("changed").getJsonObject(0);
        assertEquals(List.of("SEEN", "FLAGGED"), changed.getJsonArray("flags").stream().map(v -> ((jakarta.json.JsonString) v).getString()).toList());
        long modseq = changed.getJsonNumber("modseq").longValue();
        assertTrue(modseq > modseqBefore, "a flag change raises the modseq");
        assertEquals(0, mailbox.folder("INBOX").getInt("unseen"));
        assertEquals(modseq, mailbox.folder("INBOX").getJsonNumber("highestModseq").longValue());

        JsonObject stale = api.expect(200, api.put("/me/messages/" + uid + "/flags",
                "{\"mode\":\"REMOVE\",\"flags\":[\"SEEN\"],\"unchangedSince\":" + modseqBefore + "}"));
        assertEquals(List.of((long) uid), stale.getJsonArray("modified").stream().map(v -> ((jakarta.json.JsonNumber) v).longValue()).toList());
        assertEquals(0, mailbox.folder("INBOX").getInt("unseen"), "a change based on an old state is refused");

        JsonObject again = api.expect(200, api.put("/me/messages/" + uid + "/flags", "{\"mode\":\"ADD\",\"flags\":[\"SEEN\"]}"));
        assertTrue(again.getJsonArray("changed").isEmpty(), again.toString());
        assertEquals(modseq, mailbox.folder("INBOX").getJsonNumber("highestModseq").longValue(),
                "a change that changes nothing keeps the modseq (RFC 7162)");

        api.expect(400, api.put("/me/messages/" + uid + "/flags", "{\"mode\":\"ADD\",\"keywords\":[\"two words\"]}"));
        api.expect(400, api.put("/me/messages/" + uid + "/flags", "{\"mode\":\"ADD\",\"flags\":[\"RECENT\"]}"));
        api.expect(400, api.put("/me/messages/" + uid + "/flags", "{\"mode\":\"TOGGLE\"}"));
    }

    @Test
    void copyMoveAndDeleteKeepUidsCountsAndUsageRight() {
        String ned = "ned@" + domain;
        ApiClient api = ApiClient.as(ned, TestDomains.PASSWORD);
        long first = appended(ned, "INBOX", "first", "SEEN");
        long second = appended(ned, "INBOX", "second");
        assertEquals(first + 1, second, "UIDs grow by one");

        JsonArray copied = api.expectArray(200, api.post("/me/messages/copy?folder=INBOX",
                "{\"uids\":[" + first + "," + second + "],\"to\":\"Archive\"}"));
        assertEquals(2, copied.size());
        Mailboxes mailbox = Mailboxes.of(ned);
        assertEquals(2, mailbox.folder("Archive").getInt("messages"));
        assertEquals(1, mailbox.folder("Archive").getInt("unseen"), "flags travel with the copy");

        JsonArray moved = api.expectArray(200, api.post("/me/messages/move?folder=INBOX", "{\"uids\":[" + first + "],\"to\":\"Trash\"}"));
        assertEquals(first, moved.getJsonObject(0).getJsonNumber("uid").longValue());
        assertEquals(1, mailbox.folder("INBOX").getInt("messages"));
        assertEquals(1, mailbox.folder("Trash").getInt("messages"));

        long usedBefore = mailbox.folder("INBOX").getJsonNumber("sizeBytes").longValue();
        assertTrue(usedBefore > 0);
        assertEquals(List.of(second), api.expectArray(200, api.delete("/me/messages?folder=INBOX&uid=" + second + "&uid=999"))
                .stream().map(v -> ((jakarta.json.JsonNumber) v).longValue()).toList());
        assertEquals(0, mailbox.folder("INBOX").getInt("messages"));
        assertEquals(0, mailbox.folder("INBOX").getJsonNumber("sizeBytes").longValue());
        long next = appended(ned, "INBOX", "after the delete");
        assertTrue(next > second, "a UID is never handed out twice");
    }

    @Test
    void aFullMailboxRefusesAppends() {
        String quota = TestDomains.create(admin, "quota", "\"limits\":{\"diskSpaceMb\":1}");
        TestDomains.createAccount(admin, quota, "olga", "user");
        String olga = "olga@" + quota;
        String big = "Subject: big\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(800);
        assertEquals(201, append(olga, "INBOX", big).statusCode());
        HttpResponse<String> refused = append(olga, "INBOX", big);
        assertEquals(507, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Quota exceeded"), refused.body());
        assertEquals(1, Mailboxes.of(olga).folder("INBOX").getInt("messages"));

        // Full as it is, the mailbox still lets its owner move mail to the Trash: a move adds nothing.
        ApiClient api = ApiClient.as(olga, TestDomains.PASSWORD);
        long uid = Mailboxes.of(olga).folder("INBOX").getJsonNumber("uidNext").longValue() - 1;
        api.expectArray(200, api.post("/me/messages/move?folder=INBOX", "{\"uids\":[" + uid + "],\"to\":\"Trash\"}"));
        assertEquals(0, Mailboxes.of(olga).folder("INBOX").getInt("messages"));
        assertEquals(1, Mailboxes.of(olga).folder("Trash").getInt("messages"));
        assertEquals(507, append(olga, "INBOX", big).statusCode(), "the move freed nothing");
    }

    @Test
    void nobodyReachesAnotherUsersMail() {
        String liz = "liz@" + domain;
        long uid = appended(liz, "INBOX", "private to liz");
        ApiClient max = ApiClient.as("max@" + domain, TestDomains.PASSWORD);
        assertTrue(max.expectArray(200, max.get("/me/messages?folder=INBOX&limit=500")).stream()
                .noneMatch(m -> m.toString().contains("private to liz")));
        HttpResponse<String> attempt = max.get("/me/messages?folder=" + ItEnvironment.encode("../liz@" + domain + "/INBOX"));
        assertEquals(404, attempt.statusCode(), attempt.body());
        // The same UID in max's own INBOX is max's message or nothing, never liz's.
        HttpResponse<String> same = max.get("/me/messages/" + uid);
        assertTrue(same.statusCode() == 404 || !same.body().contains("private to liz"), same.body());
    }
}
