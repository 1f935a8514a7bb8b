package org.mailward.mailbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class MessageSummariesTest {

    private static MessageSummary parse(String message) throws IOException {
        return MessageSummaries.parse(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void decodesTheListingFields() throws IOException {
        MessageSummary summary = parse("""
                From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.org>\r
                To: bob@a.test,\r
                 "Carol C" <carol@a.test>\r
                Cc: dave@a.test\r
                Subject: =?UTF-8?B?R3LDvMOfZQ==?= and more\r
                Date: Mon, 23 Nov 2026 21:00:00 +0100\r
                Message-ID: <m1@example.org>\r
                In-Reply-To: <m0@example.org>\r
                References: <r0@example.org>\r
                 <m0@example.org>\r
                \r
                Body: not a header\r
                """);
        assertEquals("\"Jörg Müller\" <joerg@example.org>", summary.from());
        assertEquals("bob@a.test, Carol C <carol@a.test>", summary.to());
        assertEquals("dave@a.test", summary.cc());
        assertEquals("Grüße and more", summary.subject());
        assertEquals(Instant.parse("2026-11-23T20:00:00Z"), summary.sentDate());
        assertEquals("<m1@example.org>", summary.messageId());
        assertEquals("<m0@example.org>", summary.inReplyTo());
        assertEquals("<r0@example.org> <m0@example.org>", summary.references(), "unfolded");
    }

    @Test
    void keepsWhatItCannotDecodeAndLeavesMissingFieldsEmpty() throws IOException {
        MessageSummary summary = parse("From: <<broken\r\nDate: yesterday\r\nSubject: =?bogus?Q?x?=\r\n\r\n");
        assertTrue(summary.from().contains("broken"), summary.from());
        assertNull(summary.sentDate());
        assertEquals("=?bogus?Q?x?=", summary.subject());
        assertNull(summary.to());
        assertNull(summary.messageId());
        assertEquals("", summary.references(), "known to have none, unlike null: not read");
    }

    @Test
    void cutsOverlongFieldsToTheirColumns() throws IOException {
        MessageSummary summary = parse("Subject: " + "x".repeat(5000) + "\r\n\r\n");
        assertEquals(1000, summary.subject().length());
    }

    @Test
    void overlongReferencesKeepTheirFirstAndLastMessageIds() throws IOException {
        StringBuilder references = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            references.append(" <").append(i).append("@example.org>");
        }
        MessageSummary summary = parse("References:" + references + "\r\n\r\n");
        assertTrue(summary.references().length() <= MessageSummary.MAX_REFERENCES, summary.references());
        assertTrue(summary.references().startsWith("<0@example.org> <"), summary.references());
        assertTrue(summary.references().endsWith(" <298@example.org> <299@example.org>"), summary.references());
        assertFalse(summary.references().contains("<1@example.org>"), "the middle goes");
    }
}
