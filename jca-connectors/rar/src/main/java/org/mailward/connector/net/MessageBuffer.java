package org.mailward.connector.net;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;

import org.mailward.connector.spi.smtp.MessageContent;

/**
 * Holds a message while it arrives and until the backend has stored it: in memory while small,
 * then in a temporary file, so that many concurrent large messages do not fill the heap. Bytes
 * beyond {@code maxBytes} are counted but not kept, so the client can be answered once it has
 * finished sending. If the file cannot be written (a full disk), the rest is counted and dropped
 * the same way, and {@link #storageFailed()} says so: the client gets a temporary failure, not a
 * broken connection. {@link #close()} deletes the file.
 */
public final class MessageBuffer implements MessageContent, AutoCloseable {

    static final int MEMORY_LIMIT = 256 * 1024;
    public static final Path SYSTEM_TEMPORARY_DIRECTORY = Path.of(System.getProperty("java.io.tmpdir"));
    private static final Logger LOG = Logger.getLogger(MessageBuffer.class.getName());

    private final long maxBytes;
    private final Path spillDirectory;
    private byte[] memory = new byte[8192];
    private int memoryUsed;
    private Path file;
    private OutputStream fileOut;
    private long received;
    private boolean storageFailed;

    public MessageBuffer(long maxBytes) {
        this(maxBytes, SYSTEM_TEMPORARY_DIRECTORY);
    }

    public MessageBuffer(long maxBytes, Path spillDirectory) {
        this.maxBytes = maxBytes;
        this.spillDirectory = spillDirectory;
    }

    void write(byte[] bytes, int offset, int length) {
        if (length <= 0) {
            return;
        }
        long keep = storageFailed ? 0 : Math.max(0, Math.min(length, maxBytes - received));
        received += length;
        if (keep == 0) {
            return;
        }
        if (file == null && memoryUsed + keep <= MEMORY_LIMIT) {
            if (memoryUsed + keep > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(MEMORY_LIMIT, Math.max(memory.length * 2L, memoryUsed + keep)));
            }
            System.arraycopy(bytes, offset, memory, memoryUsed, (int) keep);
            memoryUsed += (int) keep;
            return;
        }
        try {
            if (file == null) {
                file = Files.createTempFile(spillDirectory, "mailward-message-", ".eml");
                fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                fileOut.write(memory, 0, memoryUsed);
                memory = null;
            }
            fileOut.write(bytes, offset, (int) keep);
        } catch (IOException e) {
            LOG.warning(() -> "Mailward cannot hold an arriving message in " + spillDirectory + ": " + e);
            storageFailed = true;
            close();
        }
    }

    /** Whether the message could not be held (a full or failing disk): what was kept is incomplete. */
    public boolean storageFailed() {
        return storageFailed;
    }

    /** Whether the client sent more than {@code maxBytes}: what was kept is incomplete. */
    public boolean exceeded() {
        return received > maxBytes;
    }

    /** Bytes the client sent, kept or not. */
    public long received() {
        return received;
    }

    @Override
    public long size() {
        return Math.min(received, maxBytes);
    }

    @Override
    public InputStream open() throws IOException {
        if (file == null) {
            return new ByteArrayInputStream(memory, 0, memoryUsed);
        }
        fileOut.flush();
        return Files.newInputStream(file);
    }

    /** The temporary file holding the message, or {@code null} while it fits in memory (for tests). */
    Path spillFile() {
        return file;
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException e) {
            // Deleted below all the same.
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "Mailward cannot delete the temporary message " + file + ": " + e);
        }
    }
}
