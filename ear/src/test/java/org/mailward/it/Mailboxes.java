package org.mailward.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.apache.commons.net.smtp.SMTPClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user sees in their mailbox, through the REST API with their own token. */
final class Mailboxes {

    private final String user;
    private final String token;
    private final ApiClient api;

    private Mailboxes(String user, String password) {
        this.user = user;
        this.token = ItEnvironment.accessToken(user, password);
        this.api = ApiClient.as(user, password);
    }

    static Mailboxes of(String user) {
        return new Mailboxes(user, TestDomains.PASSWORD);
    }

    /** Sends a message (RFC 5322, CRLF line ends) from sender@example.net to the MX port, as mail from outside arrives. */
    static void deliver(String recipient, String message) throws IOException {
        SMTPClient smtp = new SMTPClient(StandardCharsets.UTF_8.name());
        smtp.setDefaultTimeout(15_000);
        smtp.connect(ItEnvironment.HOST, 2525);
        try {
            assertTrue(smtp.login("sender.example.net"), smtp.getReplyString());
            assertTrue(smtp.sendSimpleMessage("sender@example.net", recipient, message), smtp.getReplyString());
        } finally {
            smtp.quit();
            smtp.disconnect();
        }
    }

    /** The folder's messages, newest first. */
    JsonArray messages(String folder) {
        return api.expectArray(200, api.get("/me/messages?folder=" + ItEnvironment.encode(folder) + "&limit=500"));
    }

    JsonObject folder(String name) {
        return api.expectArray(200, api.get("/me/folders")).stream().map(JsonObject.class::cast)
                .filter(folder -> folder.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(user + " has no folder " + name));
    }

    /** Waits until the INBOX holds {@code count} messages, and returns them (newest first). */
    JsonArray awaitInbox(int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonArray messages = messages("INBOX");
        while (messages.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            messages = messages("INBOX");
        }
        if (messages.size() != count) {
            throw new AssertionError(user + " has " + messages.size() + " messages in INBOX instead of " + count + ": " + messages);
        }
        return messages;
    }

    JsonArray awaitInbox(int count) throws InterruptedException {
        return awaitInbox(count, Duration.ofSeconds(20));
    }

    /** The message as stored, byte for byte (decoded as UTF-8). */
    String raw(long uid) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ApiClient.API + "/me/messages/" + uid + "?folder=INBOX"))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<String> response = ItEnvironment.send(request);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET message " + uid + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The subjects in the INBOX, newest first. */
    List<String> subjects() {
        return messages("INBOX").stream().map(JsonObject.class::cast)
                .map(message -> message.getJsonObject("summary").getString("subject", null)).toList();
    }
}
