package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClientInputTest {

    private static ClientInput reader(String input, int maxLength) {
        return reader(input.getBytes(StandardCharsets.UTF_8), maxLength);
    }

    private static ClientInput reader(byte[] input, int maxLength) {
        return new ClientInput(new ByteArrayInputStream(input), maxLength);
    }

    @Test
    void readsCrlfTerminatedLines() throws IOException {
        ClientInput lines = reader("EHLO client\r\nQUIT\r\n", 100);
        assertEquals(new ClientInput.Line("EHLO client", false), lines.read());
        assertEquals(new ClientInput.Line("QUIT", false), lines.read());
        assertNull(lines.read());
    }

    @Test
    void acceptsBareLfAndKeepsEmptyLines() throws IOException {
        ClientInput lines = reader("NOOP\n\r\nQUIT\n", 100);
        assertEquals("NOOP", lines.read().text());
        assertEquals("", lines.read().text());
        assertEquals("QUIT", lines.read().text());
    }

    @Test
    void dropsAnUnterminatedLastLine() throws IOException {
        ClientInput lines = reader("NOOP\r\nQUI", 100);
        assertEquals("NOOP", lines.read().text());
        assertNull(lines.read());
    }

    @Test
    void acceptsALineOfExactlyTheLimit() throws IOException {
        assertEquals("12345678", reader("12345678\r\n", 8).read().text());
        assertEquals("12345678", reader("12345678\n", 8).read().text());
    }

    @Test
    void drainsAnOverlongLineAndGoesOn() throws IOException {
        ClientInput lines = reader("123456789\r\n" + "x".repeat(10_000) + "\r\nQUIT\r\n", 8);
        assertTrue(lines.read().tooLong());
        assertTrue(lines.read().tooLong());
        assertEquals(new ClientInput.Line("QUIT", false), lines.read());
    }

    @Test
    void endsQuietlyInsideAnOverlongLine() throws IOException {
        assertNull(reader("x".repeat(100), 8).read());
    }

    @Test
    void decodesUtf8AndReplacesBinaryGarbage() throws IOException {
        byte[] input = {'H', 'i', ' ', (byte) 0xC3, (byte) 0xA9, '\r', '\n', (byte) 0xFF, 0, (byte) 0x80, '\r', '\n'};
        ClientInput lines = reader(input, 100);
        assertEquals("Hi é", lines.read().text());
        assertEquals("\uFFFD\u0000\uFFFD", lines.read().text());
        assertNull(lines.read());
    }

    private static String data(ClientInput input, long max) throws IOException {
        try (MessageBuffer buffer = new MessageBuffer(max)) {
            ClientInput.DataSummary summary = input.readDotTerminated(buffer);
            if (summary == null) {
                return null;
            }
            String text = new String(buffer.open().readAllBytes(), StandardCharsets.UTF_8);
            return (summary.bareLineEnd() ? "BARE:" : "") + (buffer.exceeded() ? "EXCEEDED:" : "") + text;
        }
    }

    @Test
    void readsDataUpToTheDotLineAndUnstuffs() throws IOException {
        ClientInput input = reader("Subject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n", 100);
        assertEquals("Subject: x\r\n\r\n.leading dot\r\n", data(input, 1000));
        assertEquals("QUIT", input.read().text());
    }

    @Test
    void anEmptyMessageIsJustTheDot() throws IOException {
        assertEquals("", data(reader(".\r\n", 100), 1000));
    }

    @Test
    void bareLineEndsNeverEndTheDataAndAreReported() throws IOException {
        // The smuggling pattern: <LF>.<LF> and <CR>.<CR> inside the data.
        ClientInput input = reader("a\r\nsmuggled\n.\nMAIL FROM:<x@y>\r\nb\r.\rc\r\n.\r\nNOOP\r\n", 100);
        assertEquals("BARE:a\r\nsmuggled\n.\nMAIL FROM:<x@y>\r\nb\r.\rc\r\n", data(input, 1000));
        assertEquals("NOOP", input.read().text());
    }

    @Test
    void aDotFollowedByCrWithoutLfIsNotTheEnd() throws IOException {
        ClientInput input = reader("x\r\n.\rmore\r\n.\r\n", 100);
        assertEquals("BARE:x\r\n\rmore\r\n", data(input, 1000));
    }

    @Test
    void theEndIsFoundAcrossReadBoundaries() throws IOException {
        // Delivered one byte at a time, as a slow client would.
        byte[] bytes = ("line one\r\n" + "y".repeat(20_000) + "\r\n..\r\n.\r\nNOOP\r\n").getBytes(StandardCharsets.UTF_8);
        ClientInput input = new ClientInput(new java.io.InputStream() {
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[next++];
                return 1;
            }
        }, 100);
        assertEquals("line one\r\n" + "y".repeat(20_000) + "\r\n.\r\n", data(input, 100_000));
        assertEquals("NOOP", input.read().text());
    }

    @Test
    void dataBeyondTheLimitIsReadButNotKept() throws IOException {
        ClientInput input = reader("0123456789\r\n.\r\nNOOP\r\n", 100);
        assertEquals("EXCEEDED:01234", data(input, 5));
        assertEquals("NOOP", input.read().text());
    }

    @Test
    void dataCutOffByTheClientIsIncomplete() throws IOException {
        assertNull(data(reader("half a message\r\n", 100), 1000));
        assertNull(data(reader("x\r\n.", 100), 1000));
    }

    @Test
    void largeDataSpillsToAFileAndIsDeletedOnClose() throws IOException {
        String big = "z".repeat(MessageBuffer.MEMORY_LIMIT + 10) + "\r\n";
        ClientInput input = reader(big + ".\r\n", 100);
        MessageBuffer buffer = new MessageBuffer(10_000_000);
        input.readDotTerminated(buffer);
        assertEquals(big.length(), buffer.size());
        try (java.io.InputStream in = buffer.open()) {
            assertEquals(big, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        java.nio.file.Path spilled = buffer.spillFile();
        assertTrue(spilled != null && java.nio.file.Files.exists(spilled), "the message went to a file");
        buffer.close();
        assertFalse(java.nio.file.Files.exists(spilled), "close deletes the file");
    }

    @Test
    void aMessageThatCannotBeSpilledIsCountedAndDroppedAndReported() throws IOException {
        String line = "y".repeat(998) + "\r\n";
        String big = line.repeat(MessageBuffer.MEMORY_LIMIT / line.length() + 5);
        java.nio.file.Path nowhere = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "mailward-no-such-directory-" + System.nanoTime());
        try (MessageBuffer buffer = new MessageBuffer(10_000_000, nowhere)) {
            ClientInput.DataSummary summary = reader(big + ".\r\nNOOP\r\n", 1000).readDotTerminated(buffer);
            assertTrue(summary != null, "the whole message was read off the connection");
            assertTrue(buffer.storageFailed());
            assertEquals(big.length(), buffer.received(), "the rest was still counted");
            assertFalse(buffer.exceeded());
        }
        assertFalse(java.nio.file.Files.exists(nowhere));
    }

    @Test
    void readsCountedChunksAndThenLinesAgain() throws IOException {
        ClientInput input = reader("12345NOOP\r\n", 100);
        try (MessageBuffer buffer = new MessageBuffer(100)) {
            assertTrue(input.readExactly(5, buffer));
            assertEquals("12345", new String(buffer.open().readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals("NOOP", input.read().text());
        assertFalse(reader("12", 100).readExactly(5, new MessageBuffer(100)));
    }

    @Test
    void discardsWhatWasSentAheadOfATlsHandshake() throws IOException {
        ClientInput input = reader("STARTTLS\r\nMAIL FROM:<injected@x>\r\n", 100);
        assertEquals("STARTTLS", input.read().text());
        assertTrue(input.hasBufferedInput());
        assertEquals("MAIL FROM:<injected@x>\r\n".length(), input.discardBuffered());
        assertFalse(input.hasBufferedInput());
        assertNull(input.read());
    }
}
