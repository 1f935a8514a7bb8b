package org.mailward.transport.outbound.report;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetHeaders;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message a notification is about, read once from its stream. The header block is always
 * kept (up to {@link #MAX_HEADER_BYTES}); the whole message only when it is to be returned and
 * no bigger than the limit, and then in memory while small and in a temporary file beyond that.
 * Line ends become CRLF: a bare LF or a bare CR counts as one, as Jakarta Mail reads them.
 */
final class OriginalMessage implements Closeable {

    /** Header blocks are cut (at a line end) beyond this; Postfix's header_size_limit is 100 KB. */
    private static final int MAX_HEADER_BYTES = 256 * 1024;

    /** Returned messages up to this size stay in memory; bigger ones go to a temporary file. */
    private static final int IN_MEMORY = 64 * 1024;

    private static final Pattern MESSAGE_ID = Pattern.compile("<[\\x21-\\x7E&&[^<>]]+@[\\x21-\\x7E&&[^<>]]+>");

    private final byte[] headers;
    private final Spill whole;
    private final boolean eightBit;

    private OriginalMessage(byte[] headers, Spill whole, boolean eightBit) {
        this.headers = headers;
        this.whole = whole;
        this.eightBit = eightBit;
    }

    /**
     * Reads the header block, and the whole message too if {@code returnWhole}; reading stops
     * after the header block when the whole message is not wanted or turns out bigger than
     * {@code maxWholeBytes}.
     */
    static OriginalMessage read(InputStream in, boolean returnWhole, long maxWholeBytes) throws IOException {
        Spill whole = returnWhole ? new Spill() : null;
        try {
            OutputStream copy = whole == null ? null : new CrlfOutputStream(whole);
            HeaderReader headers = new HeaderReader();
            boolean eightBit = false;
            long size = 0;
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                size += n;
                if (whole != null && size > maxWholeBytes) {
                    whole.close(); // too big to return: the header block is all it gets
                    whole = null;
                    copy = null;
                }
                int bodyStart = headers.done() ? 0 : headers.feed(buffer, n);
                if (copy != null) {
                    copy.write(buffer, 0, n);
                    for (int i = bodyStart; i < n && !eightBit; i++) {
                        eightBit = buffer[i] < 0;
                    }
                }
                if (headers.done() && copy == null) {
                    break;
                }
            }
            if (copy != null) {
                copy.flush();
            }
            byte[] block = headers.finish();
            return new OriginalMessage(block, whole, eightBit || headers.eightBit());
        } catch (IOException | RuntimeException e) {
            if (whole != null) {
                whole.close();
            }
            throw e;
        }
    }

    /** The header block as CRLF-ended lines, without the empty line that ends it. */
    byte[] headers() {
        return headers.clone();
    }

    boolean headersEightBit() {
        return hasEightBit(headers);
    }

    /** The header block is 8-bit and valid UTF-8 (RFC 6532), not some legacy charset. */
    boolean headersUtf8() {
        if (!headersEightBit()) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(headers));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The whole message is kept to be returned. */
    boolean returnedWhole() {
        return whole != null;
    }

    /** The whole message (if kept) or the header block has bytes above 127. */
    boolean eightBit() {
        return eightBit;
    }

    void writeWhole(OutputStream out) throws IOException {
        whole.writeTo(out);
    }

    /** The original's own Message-ID for threading, or {@code null} if it has none in plain ASCII form. */
    String messageId() throws IOException {
        String field;
        try {
            field = new InternetHeaders(new ByteArrayInputStream(headers), true).getHeader("Message-ID", null);
        } catch (MessagingException e) {
            throw new IOException("unreadable header block", e);
        }
        if (field == null) {
            return null;
        }
        Matcher id = MESSAGE_ID.matcher(field);
        return id.find() ? id.group() : null;
    }

    @Override
    public void close() throws IOException {
        if (whole != null) {
            whole.close();
        }
    }

    private static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** Collects header lines until the empty line, each ended with CRLF, whole lines only. */
    private static final class HeaderReader {
        private final ByteArrayOutputStream block = new ByteArrayOutputStream(4096);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private boolean afterCr;
        private boolean full;
        private boolean done;
        private boolean eightBit;

        boolean done() {
            return done;
        }

        /** A header byte above 127 was read, kept in the block or not. */
        boolean eightBit() {
            return eightBit;
        }

        /** Feeds bytes; returns the index of the first byte after the header block, or {@code n}. */
        int feed(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                byte b = bytes[i];
                eightBit |= b < 0;
                boolean lfAfterCr = b == '\n' && afterCr;
                afterCr = b == '\r';
                if (lfAfterCr) {
                    continue; // the line ended at the CR already
                }
                if (b == '\r' || b == '\n') {
                    if (line.size() == 0) {
                        done = true;
                        // a CRLF's LF may come in the next buffer: it is part of the line end, not the body
                        return i + 1 < n && b == '\r' && bytes[i + 1] == '\n' ? i + 2 : i + 1;
                    }
                    endLine();
                } else if (line.size() <= MAX_HEADER_BYTES) {
                    line.write(b);
                }
            }
            return n;
        }

        private void endLine() {
            full |= block.size() + line.size() + 2 > MAX_HEADER_BYTES;
            if (!full) {
                block.writeBytes(line.toByteArray());
                block.write('\r');
                block.write('\n');
            }
            line.reset();
        }

        /** The block; a last line without a line end (a message of header fields only) counts. */
        byte[] finish() {
            if (!done && line.size() > 0) {
                endLine();
            }
            return block.toByteArray();
        }
    }

    /** Bytes in memory up to {@link #IN_MEMORY}, then in a temporary file deleted on close. */
    private static final class Spill extends OutputStream {
        private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
        private Path file;
        private OutputStream fileOut;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (fileOut == null && memory.size() + length > IN_MEMORY) {
                file = Files.createTempFile("mailward-dsn-", ".eml");
                fileOut = Files.newOutputStream(file);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (fileOut != null) {
                fileOut.write(bytes, offset, length);
            } else {
                memory.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (fileOut != null) {
                fileOut.flush();
            }
        }

        void writeTo(OutputStream out) throws IOException {
            if (file == null) {
                memory.writeTo(out);
                return;
            }
            fileOut.flush();
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                try {
                    fileOut.close();
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
