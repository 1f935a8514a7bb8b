package org.mailward.mailbox.blob;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * Message bodies on the filesystem, one directory tree per domain, each body compressed with
 * Zstandard (ADR 0018) under the SHA-256 of its uncompressed content:
 * {@code <root>/<domain>/<hash[0..2]>/<hash[2..4]>/<hash>.zst}, or, while the system setting
 * {@code store.compress-bodies} is false, as it is ({@code <hash>.eml}); bodies stored by earlier
 * builds are gzip files ({@code .gz}). Each is read in the format its suffix names (ADR 0027). A
 * body is written to a temporary file, forced to disk, renamed into place and its directory
 * forced too, so a stored body survives a crash and a half-written one is never visible under its
 * name. Equal content is stored once per domain; another domain gets a hard link to the same file
 * where the filesystem allows.
 */
public final class BlobStore {

    private static final String SUFFIX = ".zst";
    private static final String GZIP_SUFFIX = ".gz";
    private static final String RAW_SUFFIX = ".eml";
    private static final int BUFFER = 64 * 1024;
    /** Compresses text better than gzip at its fastest, in a third of its time; and attachments in a twentieth. */
    private static final int LEVEL = 1;

    private final Path root;
    private final BooleanSupplier compress;

    /** @param compress asked at each {@link #put}: whether a new body is compressed */
    public BlobStore(Path root, BooleanSupplier compress) {
        this.root = root;
        this.compress = compress;
    }

    /** What {@link #put} wrote: the id and the size of the content before compression. */
    public record Stored(BlobId id, long size) {
    }

    /** Stores the concatenation of {@code parts} in {@code domain}'s tree. */
    public Stored put(String domain, InputStream... parts) throws IOException {
        Path temporary = temporaryFile(domain);
        MessageDigest digest = sha256();
        long size = 0;
        BlobId id;
        Path target;
        boolean known;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER) {
                    @Override
                    public void close() throws IOException {
                        flush(); // the channel stays open, to be forced
                    }
                };
                boolean compressed = compress.getAsBoolean();
                OutputStream out = new DigestOutputStream(compressed
                        ? new ZstdOutputStreamNoFinalizer(file, RecyclingBufferPool.INSTANCE).setLevel(LEVEL) : file, digest);
                try {
                    for (InputStream part : parts) {
                        size += part.transferTo(out);
                    }
                } finally {
                    out.close(); // ends the frame and frees the compressor's native memory
                }
                id = BlobId.of(domain, digest.digest());
                known = Files.exists(stored(id)); // in either format
                target = compressed ? path(id) : path(id).resolveSibling(id.hash() + RAW_SUFFIX);
                if (!known) {
                    channel.force(true); // only a new body needs to reach the disk
                }
            }
            if (known) {
                Files.delete(temporary); // the same content is stored already
            } else {
                createDirectories(target.getParent());
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                forceDirectory(target.getParent());
            }
            return new Stored(id, size);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes the body {@code id} available in {@code domain}'s tree too, and returns its id there. */
    public BlobId share(BlobId id, String domain) throws IOException {
        if (id.domain().equals(domain)) {
            return id;
        }
        BlobId shared = new BlobId(domain, id.hash());
        if (Files.exists(stored(shared))) {
            return shared;
        }
        Path source = stored(id);
        // The shared file keeps the format of the original, which its suffix names.
        Path target = path(shared).resolveSibling(source.getFileName());
        createDirectories(target.getParent());
        Path temporary = temporaryFile(domain);
        Files.delete(temporary);
        try {
            try {
                Files.createLink(temporary, source);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(source, temporary);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(target.getParent());
        } catch (FileAlreadyExistsException e) {
            // Shared concurrently by another delivery: the same content.
        } finally {
            Files.deleteIfExists(temporary);
        }
        return shared;
    }

    /** The uncompressed content; the caller closes the stream. */
    public InputStream open(BlobId id) throws IOException {
        Path file = stored(id);
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            String name = file.getFileName().toString();
            return name.endsWith(GZIP_SUFFIX) ? new GZIPInputStream(in, BUFFER)
                    : name.endsWith(RAW_SUFFIX) ? in : new ZstdInputStreamNoFinalizer(in, RecyclingBufferPool.INSTANCE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("No stored body " + id.hash() + " in " + id.domain());
        }
    }

    /** Where a body is written compressed. */
    Path path(BlobId id) {
        String hash = id.hash();
        return root.resolve(id.domain()).resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash + SUFFIX);
    }

    /** Where the body is: {@link #path}, the uncompressed file, or the gzip file of an earlier build. */
    private Path stored(BlobId id) {
        Path path = path(id);
        for (Path candidate : List.of(path, path.resolveSibling(id.hash() + RAW_SUFFIX), path.resolveSibling(id.hash() + GZIP_SUFFIX))) {
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return path;
    }

    private Path temporaryFile(String domain) throws IOException {
        Path directory = root.resolve(new BlobId(domain, "0".repeat(64)).domain()).resolve("tmp");
        Files.createDirectories(directory);
        return Files.createTempFile(directory, "incoming-", ".tmp");
    }

    /** Creates the missing directories of {@code directory}, each one durably (its entry in its parent forced too). */
    private static void createDirectories(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path dir = directory; dir != null && !Files.isDirectory(dir); dir = dir.getParent()) {
            missing.push(dir);
        }
        if (!missing.isEmpty()) {
            Files.createDirectories(directory);
            missing.forEach(created -> forceDirectory(created.getParent()));
        }
    }

    private static void forceDirectory(Path directory) {
        // A rename is durable only once its directory is; not every platform lets a directory be opened.
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows, for one: NTFS journals the rename itself.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
