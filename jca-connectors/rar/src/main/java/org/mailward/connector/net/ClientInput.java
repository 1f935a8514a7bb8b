package org.mailward.connector.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what a client sends: command lines, dot-terminated message data (SMTP DATA) and counted
 * chunks (SMTP BDAT, IMAP literals), from one buffer so that switching between them loses nothing.
 * <p>
 * A command line ends with CRLF or, leniently, a bare LF. Bytes are decoded as UTF-8 with malformed
 * input replaced, so binary garbage becomes an unknown command rather than an exception. A line
 * longer than the limit is read up to its end and discarded, so the session can answer it and go on.
 */
public final class ClientInput {

    /** One line: its text without the line end, or {@code tooLong} with its first octets. */
    public record Line(String text, boolean tooLong) {
    }

    private static final int BUFFER_SIZE = 16 * 1024;
    /** What is kept of a line over the limit: enough for the session to tell which command it was (an IMAP tag). */
    private static final int BEGINNING = 64;

    private final InputStream in;
    private final int maxLength;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public ClientInput(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line, or {@code null} when the stream ends (an unterminated last line is dropped). */
    public Line read() throws IOException {
        line.reset();
        boolean draining = false;
        String beginning = "";
        while (fill()) {
            int start = position;
            int newline = indexOf('\n', start, limit);
            int end = newline < 0 ? limit : newline;
            position = newline < 0 ? limit : newline + 1;
            if (!draining) {
                line.write(buffer, start, end - start);
                // One byte beyond the limit may still be the CR of the line end.
                if (line.size() > maxLength + 1) {
                    draining = true;
                    beginning = new String(line.toByteArray(), 0, Math.min(BEGINNING, line.size()), StandardCharsets.UTF_8);
                    line.reset();
                }
            }
            if (newline >= 0) {
                return draining ? new Line(beginning, true) : complete();
            }
        }
        return null;
    }

    /**
     * Reads message data up to the line holding only a dot (RFC 5321 section 4.1.1.4), removes the
     * dot-stuffing and passes the content to {@code sink}, the CRLF before the dot included. Only
     * CRLF "." CRLF ends the data: a bare LF or CR never does (RFC 5321 section 2.3.8, the SMTP
     * smuggling family of attacks), and is reported instead.
     *
     * @return what was read, or {@code null} when the stream ended before the end of the data
     */
    public DataSummary readDotTerminated(MessageBuffer sink) throws IOException {
        boolean lineStart = true; // at the start of the data or right after a CRLF
        boolean afterCr = false;
        boolean bareLineEnd = false;
        while (fill()) {
            int start = position;
            int i = position;
            while (i < limit) {
                byte b = buffer[i];
                if (lineStart && b == '.') {
                    sink.write(buffer, start, i - start);
                    position = i;
                    // Any valid continuation has at least two more bytes, so waiting for them is safe.
                    if (!ensure(3)) {
                        return null;
                    }
                    i = position;
                    if (buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                        position = i + 3;
                        return new DataSummary(sink.size(), bareLineEnd);
                    }
                    i++; // a stuffed dot: dropped
                    start = i;
                    lineStart = false;
                    continue;
                }
                if (b == '\n') {
                    bareLineEnd |= !afterCr;
                    lineStart = afterCr;
                    afterCr = false;
                    i++;
                    continue;
                }
                bareLineEnd |= afterCr; // a CR not followed by LF
                afterCr = b == '\r';
                lineStart = false;
                i++;
                if (!afterCr) {
                    // The rest of the line's text changes nothing: skipped in a tight loop.
                    while (i < limit && buffer[i] != '\r' && buffer[i] != '\n') {
                        i++;
                    }
                }
            }
            sink.write(buffer, start, limit - start);
            position = limit;
        }
        return null;
    }

    /**
     * Reads exactly {@code count} bytes into {@code sink} (which may refuse to keep them once over
     * its limit, but the bytes are consumed all the same).
     *
     * @return whether all of them arrived before the stream ended
     */
    public boolean readExactly(long count, MessageBuffer sink) throws IOException {
        long left = count;
        while (left > 0 && fill()) {
            int take = (int) Math.min(left, limit - position);
            sink.write(buffer, position, take);
            position += take;
            left -= take;
        }
        return left == 0;
    }

    /** Whether the client has sent more than was read: it pipelined commands. */
    public boolean hasBufferedInput() {
        return position < limit;
    }

    /**
     * Forgets what the client sent but was not read yet. Used when switching to TLS: nothing sent in
     * plaintext may be taken as said under TLS (CVE-2011-0411 and its kind).
     */
    public int discardBuffered() {
        return takeBuffered().length;
    }

    /** What the client sent but was not read yet, taken out of this reader (to go on through another, such as an inflater). */
    public byte[] takeBuffered() {
        byte[] taken = Arrays.copyOfRange(buffer, position, limit);
        position = limit;
        return taken;
    }

    /** What a dot-terminated read found. */
    public record DataSummary(long size, boolean bareLineEnd) {
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        position = 0;
        limit = 0;
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        limit = read;
        return true;
    }

    /** Makes at least {@code count} unread bytes available, reading more if needed; false at the end of the stream. */
    private boolean ensure(int count) throws IOException {
        if (limit - position >= count) {
            return true;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < count) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read <= 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    private int indexOf(int value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private Line complete() {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return length > maxLength ? new Line(new String(bytes, 0, Math.min(BEGINNING, length), StandardCharsets.UTF_8), true) : new Line(new String(bytes, 0, length, StandardCharsets.UTF_8), false);
    }
}
