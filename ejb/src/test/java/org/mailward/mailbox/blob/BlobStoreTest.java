package org.mailward.mailbox.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    @TempDir
    Path root;

    private static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String read(BlobStore store, BlobId id) throws IOException {
        try (InputStream in = store.open(id)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void storesPartsAsOneCompressedBodyUnderItsHash() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        String body = "Subject: hello\r\n\r\n" + "the same line again\r\n".repeat(1000);

        BlobStore.Stored stored = store.put("a.test", text("Received: x\r\n"), text(body));

        assertEquals(("Received: x\r\n" + body).length(), stored.size());
        assertEquals("Received: x\r\n" + body, read(store, stored.id()));
        Path file = store.path(stored.id());
        assertTrue(file.startsWith(root.resolve("a.test")), file.toString());
        assertTrue(Files.size(file) < stored.size() / 10, "compressed: " + Files.size(file));
        // The well-known SHA-256 of the empty string.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", store.put("a.test").id().hash());
    }

    @Test
    void storesEqualContentOnceAndLeavesNoTemporaryFiles() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        BlobId first = store.put("a.test", text("same")).id();
        BlobId second = store.put("a.test", text("same")).id();

        assertEquals(first, second);
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(1, files.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void sharesABodyWithAnotherDomainsTree() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        BlobId original = store.put("a.test", text("to both")).id();

        BlobId shared = store.share(original, "b.test");

        assertEquals(new BlobId("b.test", original.hash()), shared);
        assertEquals("to both", read(store, shared));
        assertEquals(shared, store.share(original, "b.test"));
        assertTrue(Files.isSameFile(store.path(original), store.path(shared)), "a hard link, not a copy, where the file system has them");
        // A link, not a reference: the shared body outlives the original's file.
        Files.delete(store.path(original));
        assertEquals("to both", read(store, shared));
    }

    @Test
    void aMissingBodyIsNamedInTheError() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        BlobId missing = new BlobId("a.test", "ab".repeat(32));
        NoSuchFileException error = assertThrows(NoSuchFileException.class, () -> store.open(missing));
        assertTrue(error.getMessage().contains("abab"), error.getMessage());
    }

    @Test
    void anAttachmentInBase64LosesWhatBase64Added() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        byte[] random = new byte[75_000];
        new Random(7).nextBytes(random);
        String attachment = Base64.getMimeEncoder().encodeToString(random);

        BlobStore.Stored stored = store.put("a.test", text(attachment));

        assertEquals(attachment, read(store, stored.id()));
        assertTrue(Files.size(store.path(stored.id())) < stored.size() * 0.8, "compressed: " + Files.size(store.path(stored.id())));
    }

    @Test
    void withCompressionOffABodyIsStoredAsItIsAndBothFormatsAreReadAndSharedOnce() throws IOException {
        AtomicBoolean compress = new AtomicBoolean(false);
        BlobStore store = new BlobStore(root, compress::get);
        String body = "Subject: plain\r\n\r\n" + "the same line again\r\n".repeat(1000);

        BlobStore.Stored plain = store.put("a.test", text(body));
        Path file = store.path(plain.id()).resolveSibling(plain.id().hash() + ".eml");
        assertEquals(body, Files.readString(file), "the file is the message itself");
        assertEquals(body, read(store, plain.id()));

        compress.set(true);
        assertEquals(plain.id(), store.put("a.test", text(body)).id());
        assertFalse(Files.exists(store.path(plain.id())), "content already stored is not stored again compressed");
        BlobId compressed = store.put("a.test", text("other")).id();
        assertTrue(Files.exists(store.path(compressed)));

        BlobId shared = store.share(plain.id(), "b.test");
        assertEquals(body, read(store, shared));
    }

    @Test
    void aBodyStoredByAnEarlierBuildAsGzipIsStillReadAndShared() throws IOException {
        BlobStore store = new BlobStore(root, () -> true);
        String body = "Subject: old\r\n\r\nstored before Zstandard\r\n";
        BlobId id = new BlobId("a.test", "cd".repeat(32));
        Path gzip = store.path(id).resolveSibling(id.hash() + ".gz");
        Files.createDirectories(gzip.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }

        assertEquals(body, read(store, id));
        BlobId shared = store.share(id, "b.test");
        assertEquals(body, read(store, shared));
        assertTrue(Files.isSameFile(gzip, store.path(shared).resolveSibling(id.hash() + ".gz")), "linked as it is");
    }

    @Test
    void refusesIdsThatWouldLeaveTheTree() {
        assertThrows(IllegalArgumentException.class, () -> new BlobId("..", "ab".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> new BlobId("a/b", "ab".repeat(32)));
        assertThrows(IllegalArgumentException.class, () -> new BlobId("a.test", "../../etc/passwd"));
        for (String domain : new String[] {"", ".", ".a", "a.", "-a", "A.test", "a..b", "a b", "a\\b", "ä.test", null}) {
            assertThrows(IllegalArgumentException.class, () -> new BlobId(domain, "ab".repeat(32)), String.valueOf(domain));
        }
        for (String hash : new String[] {"ab".repeat(31), "ab".repeat(33), "AB".repeat(32), "g" + "a".repeat(63), null}) {
            assertThrows(IllegalArgumentException.class, () -> new BlobId("a.test", hash), String.valueOf(hash));
        }
        assertEquals("x-1.a0.test", new BlobId("x-1.a0.test", "0123456789abcdef".repeat(4)).domain());
    }
}
