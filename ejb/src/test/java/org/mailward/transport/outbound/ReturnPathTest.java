package org.mailward.transport.outbound;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReturnPathTest {

    private static int length(String message) throws IOException {
        return ReturnPath.leadingLength(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String relayed(String message) throws IOException {
        int length = length(message);
        return new String(ReturnPath.skip(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)), length)
                .readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void aLeadingReturnPathIsNotSentOn() throws IOException {
        assertEquals("Received: from a\r\nSubject: x\r\n\r\nbody\r\n",
                relayed("Return-Path: <amy@a.test>\r\nReceived: from a\r\nSubject: x\r\n\r\nbody\r\n"));
        assertEquals("Subject: x\r\n\r\n", relayed("return-path:\r\n <amy@a.test>\r\nSubject: x\r\n\r\n"), "folded, any case");
        assertEquals("Subject: x\r\n\r\n", relayed("Return-Path: <>\r\nSubject: x\r\n\r\n"), "a bounce's");
    }

    @Test
    void anythingElseIsSentAsItIs() throws IOException {
        assertEquals(0, length("Received: from a\r\nReturn-Path: <amy@a.test>\r\n\r\n"), "only on top");
        assertEquals(0, length("Return-Pathology: x\r\n\r\n"));
        assertEquals(0, length("Return-Path: <amy@a.test>\r\n"), "nothing would be left");
        assertEquals(0, length("Subj"));
    }
}
