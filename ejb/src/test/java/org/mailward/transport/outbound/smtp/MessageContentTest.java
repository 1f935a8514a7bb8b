package org.mailward.transport.outbound.smtp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageContentTest {

    @Test
    void eightBitOctetsAreTakenForHeaderUntilTheFirstEmptyLine() throws IOException {
        MessageContent header = scan("Subject: Grüße\r\nTo: a@b.test\r\n\r\nplain body\r\n");
        assertTrue(header.eightBitHeaders());
        assertFalse(header.eightBitBody());

        MessageContent body = scan("Subject: hello\nTo: a@b.test\n\nGrüße\n");
        assertFalse(body.eightBitHeaders());
        assertTrue(body.eightBitBody());

        MessageContent ascii = scan("Subject: hello\r\n\r\nhello\r\n");
        assertFalse(ascii.eightBitHeaders());
        assertFalse(ascii.eightBitBody());
        assertEquals(99, ascii.size(), "the size is the caller's");
    }

    private static MessageContent scan(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return MessageContent.scan(99, () -> new ByteArrayInputStream(bytes));
    }
}
