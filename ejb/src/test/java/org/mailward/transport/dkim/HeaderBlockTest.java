package org.mailward.transport.dkim;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeaderBlockTest {

    @Test
    void fieldsKeepTheirFoldingAndTheStreamStopsAtTheBody() throws IOException {
        InputStream message = stream("From: a@a.test\r\nTo: b@b.test,\r\n\tc@c.test\r\nto: d@d.test\r\n\r\nBody\r\n");

        HeaderBlock header = HeaderBlock.read(message).orElseThrow();

        assertEquals(List.of("From: a@a.test", "To: b@b.test,\r\n\tc@c.test", "to: d@d.test"), header.getFields());
        assertEquals(List.of("To: b@b.test,\r\n\tc@c.test", "to: d@d.test"), header.getFields("TO"));
        assertEquals(2, header.count("to"));
        assertEquals(Set.of("from", "to"), header.names());
        assertEquals("Body\r\n", new String(message.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aMessageThatIsAllHeaderHasNoBody() throws IOException {
        InputStream message = stream("From: a@a.test\r\nSubject: x");

        assertEquals(List.of("From: a@a.test", "Subject: x"), HeaderBlock.read(message).orElseThrow().getFields());
        assertEquals(-1, message.read());
    }

    @Test
    void utf8FieldsComeBackByteForByte() throws IOException {
        String subject = "Subject: Grüße aus Köln";

        HeaderBlock header = HeaderBlock.read(stream(subject + "\r\n\r\n")).orElseThrow();

        assertEquals(subject, header.getFields().getFirst());
    }

    @Test
    void aHeaderBeyondTheLimitIsRefused() throws IOException {
        String huge = "X-Filler: " + "x".repeat(HeaderBlock.MAX_BYTES) + "\r\n\r\n";

        assertEquals(java.util.Optional.empty(), HeaderBlock.read(stream(huge)));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
