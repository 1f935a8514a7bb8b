package org.mailward.mailbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    private static HeaderBlock read(String message) throws IOException {
        return HeaderBlock.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unfoldsAndStopsAtTheEmptyLine() throws IOException {
        HeaderBlock headers = read("Received: from a\r\n\tby b; date\r\nreceived: from c\r\nSubject: two\r\n  lines\r\n\r\nReceived: in the body\r\n");
        assertEquals(2, headers.count("Received"));
        assertEquals("from a by b; date", headers.first("received"));
        assertEquals("two lines", headers.first("Subject"));
    }

    @Test
    void joinsRepeatedFieldsAndToleratesBareLineFeedsAndGarbage() throws IOException {
        HeaderBlock headers = read("To: a@x.test\nnot a field\nTo: b@x.test\n\n");
        assertEquals("a@x.test, b@x.test", headers.joined("to"));
        assertNull(headers.first("Cc"));
        assertEquals(0, read("").count("Received"));
    }

    @Test
    void readsALastLineWithoutItsLineEnd() throws IOException {
        assertEquals("hi", read("Subject: hi").first("Subject"));
        assertEquals("a b", read("From: x\r\nSubject: a\r\n b").first("Subject"));
    }
}
