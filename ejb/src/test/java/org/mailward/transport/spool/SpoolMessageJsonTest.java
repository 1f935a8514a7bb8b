package org.mailward.transport.spool;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.mailward.mailbox.blob.BlobId;
import org.mailward.mailbox.store.MessageSummary;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Inbound mail exists only as the JSON in its JMS message (ADR 0016): nothing may be lost on the way. */
class SpoolMessageJsonTest {

    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Test
    void everyEnvelopeFieldSurvivesTheTrip() {
        SpoolMessage accepted = new SpoolMessage(SpoolMessage.newId(), SpoolMessage.Direction.INBOUND,
                new BlobId("example.org", "ab".repeat(32)), 4226, "jörg@exämple.de", List.of(
                        new SpoolRecipient("amy@example.org", "SUCCESS,DELAY", "rfc822;amy+tag@example.org"),
                        new SpoolRecipient("bob@example.org", null, null)))
                .from("192.0.2.7", "mx.\"quoted\"\\helo", "amy@example.org")
                .summarised(new MessageSummary("Grüße, \"quoted\"", "Jörg <jörg@exämple.de>", "amy@example.org",
                        "bob@example.org", Instant.parse("2026-11-24T08:15:30Z"), "<1@exämple.de>", "<0@example.org>",
                        "<00@example.org> <0@example.org>"))
                .dsn("HDRS", "QQ314159");

        SpoolMessage travelled = roundTrip(accepted);

        assertEquals(accepted.id(), travelled.id());
        assertEquals(SpoolMessage.Direction.INBOUND, travelled.direction());
        assertEquals(accepted.blob(), travelled.blob());
        assertEquals(4226, travelled.size());
        assertEquals("jörg@exämple.de", travelled.sender());
        assertEquals(accepted.receivedAt(), travelled.receivedAt());
        assertEquals("HDRS", travelled.dsnReturn());
        assertEquals("QQ314159", travelled.dsnEnvelopeId());
        assertEquals(2, travelled.recipients().size());
        SpoolRecipient amy = travelled.recipients().getFirst();
        assertEquals("amy@example.org", amy.address());
        assertEquals("SUCCESS,DELAY", amy.dsnNotify());
        assertEquals("rfc822;amy+tag@example.org", amy.originalRecipient());
        assertEquals(accepted.summary(), travelled.summary(), "the listing fields read at acceptance");
        assertEquals(accepted.view("QUEUED", 0, null), travelled.view("QUEUED", 0, null), "the administrator sees the same message");
        assertEquals(accepted.toJson(JSON), travelled.toJson(JSON), "the HELO name too, quotes and backslash included");
    }

    @Test
    void absentFieldsStayAbsent() {
        SpoolMessage accepted = new SpoolMessage(SpoolMessage.newId(), SpoolMessage.Direction.INBOUND,
                new BlobId("example.org", "cd".repeat(32)), 10, "", List.of(new SpoolRecipient("amy@example.org", null, null)));

        JsonObject json = accepted.toJson(JSON);
        SpoolMessage travelled = roundTrip(accepted);

        assertFalse(json.containsKey("dsnRet"), "no field for what was not given");
        assertEquals("", travelled.sender(), "the null sender of a bounce stays empty");
        assertNull(travelled.summary(), "outbound mail and mail queued before summaries carry none");
        assertNull(travelled.dsnReturn());
        assertNull(travelled.dsnEnvelopeId());
        assertNull(travelled.recipients().getFirst().dsnNotify());
        assertNull(travelled.recipients().getFirst().originalRecipient());
        assertNull(travelled.view("QUEUED", 0, null).client());
        assertNull(travelled.view("QUEUED", 0, null).account());
    }

    private static SpoolMessage roundTrip(SpoolMessage message) {
        String text = message.toJson(JSON).toString();
        return SpoolMessage.fromJson(Json.createReader(new StringReader(text)).readObject());
    }
}
