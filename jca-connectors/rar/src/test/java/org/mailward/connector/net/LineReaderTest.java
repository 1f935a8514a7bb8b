package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static LineReader reader(String input, int maxLength) {
        return reader(input.getBytes(StandardCharsets.UTF_8), maxLength);
    }

    private static LineReader reader(byte[] input, int maxLength) {
        return new LineReader(new ByteArrayInputStream(input), maxLength);
    }

    @Test
    void readsCrlfTerminatedLines() throws IOException {
        LineReader lines = reader("EHLO client\r\nQUIT\r\n", 100);
        assertEquals(new LineReader.Line("EHLO client", false), lines.read());
        assertEquals(new LineReader.Line("QUIT", false), lines.read());
        assertNull(lines.read());
    }

    @Test
    void acceptsBareLfAndKeepsEmptyLines() throws IOException {
        LineReader lines = reader("NOOP\n\r\nQUIT\n", 100);
        assertEquals("NOOP", lines.read().text());
        assertEquals("", lines.read().text());
        assertEquals("QUIT", lines.read().text());
    }

    @Test
    void dropsAnUnterminatedLastLine() throws IOException {
        LineReader lines = reader("NOOP\r\nQUI", 100);
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
        LineReader lines = reader("123456789\r\n" + "x".repeat(10_000) + "\r\nQUIT\r\n", 8);
        assertTrue(lines.read().tooLong());
        assertTrue(lines.read().tooLong());
        assertEquals(new LineReader.Line("QUIT", false), lines.read());
    }

    @Test
    void endsQuietlyInsideAnOverlongLine() throws IOException {
        assertNull(reader("x".repeat(100), 8).read());
    }

    @Test
    void decodesUtf8AndReplacesBinaryGarbage() throws IOException {
        byte[] input = {'H', 'i', ' ', (byte) 0xC3, (byte) 0xA9, '\r', '\n', (byte) 0xFF, 0, (byte) 0x80, '\r', '\n'};
        LineReader lines = reader(input, 100);
        assertEquals("Hi é", lines.read().text());
        assertEquals("\uFFFD\u0000\uFFFD", lines.read().text());
        assertNull(lines.read());
    }
}
