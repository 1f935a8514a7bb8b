package org.mailward.mailbox.search;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailward.mailbox.structure.MessageStructure;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParsingThreadsTest {

    private static final Duration LIMIT = Duration.ofMillis(300);
    /** For parses that must complete: the first one in a JVM loads Tika's classes. */
    private static final Duration AMPLE = Duration.ofSeconds(20);
    private static final Parser TIKA = new AutoDetectParser();

    private final ParsingThreads threads = new ParsingThreads(Thread.ofPlatform().daemon().factory(), 1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Loads the classes a stuck parser writes with, so that it writes well within {@link #LIMIT} whichever test runs first. */
    @BeforeAll
    static void loadWritingClasses() throws SAXException {
        XHTMLContentHandler page = new XHTMLContentHandler(new BodyContentHandler(), new Metadata());
        page.startDocument();
        page.element("p", "warm");
        page.endDocument();
    }

    @AfterEach
    void releaseStuckParsers() {
        release.countDown();
        threads.shutdown();
    }

    @Test
    void aParserThatIgnoresInterruptsIsAbandonedAtTheDeadlineWithWhatItWrote() throws Exception {
        BodyContentHandler handler = new BodyContentHandler();
        long start = System.nanoTime();
        ExtractionCutShort cut = assertThrows(ExtractionCutShort.class, () -> threads.within(stuck("first words"), LIMIT)
                .parse(new ByteArrayInputStream(new byte[1]), handler, new Metadata(), new ParseContext()));
        assertTrue(System.nanoTime() - start < LIMIT.toNanos() + TimeUnit.SECONDS.toNanos(2), "returns at the deadline");
        assertTrue(cut.getMessage().contains("longer than"), cut.getMessage());
        assertEquals("first words", handler.toString().strip());
        assertEquals(1, threads.abandoned());

        // While one abandoned parse runs (the most allowed here), attachments are not read at all.
        long refusedAt = System.nanoTime();
        assertThrows(ExtractionCutShort.class, () -> threads.within(TIKA, AMPLE)
                .parse(new ByteArrayInputStream("<p>x</p>".getBytes(StandardCharsets.UTF_8)), new BodyContentHandler(),
                        html(), new ParseContext()));
        assertTrue(System.nanoTime() - refusedAt < LIMIT.toNanos(), "refused at once, not after waiting");

        release.countDown();
        awaitAbandoned(0);
        BodyContentHandler later = new BodyContentHandler();
        threads.within(TIKA, AMPLE).parse(new ByteArrayInputStream("<p>back again</p>".getBytes(StandardCharsets.UTF_8)),
                later, html(), new ParseContext());
        assertEquals("back again", later.toString().strip(), "its thread ended: parsing goes on");
    }

    @Test
    void aNeverEndingStreamIsNotReadAfterTheDeadline() throws Exception {
        AtomicInteger readsAfterDeadline = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                if (over.get()) {
                    readsAfterDeadline.incrementAndGet();
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a slow source that ignores interrupts
                return 'a';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                buffer[offset] = (byte) read();
                return 1;
            }
        };
        assertThrows(ExtractionCutShort.class, () -> threads.within(TIKA, LIMIT)
                .parse(endless, new BodyContentHandler(-1), plainText(), new ParseContext()));
        over.set(true);
        awaitAbandoned(0); // the parser's next read failed, and it ended
        assertEquals(0, readsAfterDeadline.get(), "the caller may close the message stream at once");
    }

    @Test
    void aParseCancelledBeforeItsThreadTookItUpDoesNotCountAsStillRunning() throws Exception {
        CountDownLatch threadsMayStart = new CountDownLatch(1);
        // Threads that start only once the parse's deadline has passed, as on a machine under load.
        ParsingThreads late = new ParsingThreads(work -> Thread.ofPlatform().daemon().unstarted(() -> {
            awaitQuietly(threadsMayStart);
            work.run();
        }), 1);
        AtomicBoolean parsed = new AtomicBoolean();
        Parser recording = new Parser() {
            @Override
            public Set<MediaType> getSupportedTypes(ParseContext context) {
                return Set.of();
            }

            @Override
            public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
                parsed.set(true);
            }
        };
        try {
            ExtractionCutShort cut = assertThrows(ExtractionCutShort.class, () -> late.within(recording, LIMIT)
                    .parse(new ByteArrayInputStream(new byte[1]), new BodyContentHandler(), new Metadata(), new ParseContext()));
            assertFalse(cut.forAWhile(), "its own time limit was over");
            assertEquals(0, late.abandoned(), "no thread is held by it");
            threadsMayStart.countDown();
            Thread.sleep(100);
            assertFalse(parsed.get(), "the cancelled parse never runs");
            assertEquals(0, late.abandoned(), "counted off once only");
        } finally {
            threadsMayStart.countDown();
            late.shutdown();
        }
    }

    @Test
    void aParseRefusedWhileAbandonedOnesRunMayBeTriedAgainLater() throws Exception {
        assertThrows(ExtractionCutShort.class, () -> threads.within(stuck("words"), LIMIT)
                .parse(new ByteArrayInputStream(new byte[1]), new BodyContentHandler(), new Metadata(), new ParseContext()));
        byte[] raw = "Subject: later\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n".getBytes(StandardCharsets.UTF_8);
        MessageText text = MessageText.extract(new ByteArrayInputStream(raw), MessageStructure.parse(new ByteArrayInputStream(raw)),
                threads.within(TIKA, AMPLE));
        assertTrue(text.cutShortBy().contains("still run"), text.cutShortBy());
        assertTrue(text.cutForAWhile(), "not the message's own time limit: it is indexed again later");
    }

    @Test
    void aFastParseIsUntouched() throws Exception {
        BodyContentHandler handler = new BodyContentHandler();
        threads.within(TIKA, AMPLE).parse(new ByteArrayInputStream("<p>Quarterly numbers</p>".getBytes(StandardCharsets.UTF_8)),
                handler, html(), new ParseContext());
        assertEquals("Quarterly numbers", handler.toString().strip());
        assertEquals(0, threads.abandoned());
    }

    @Test
    void aMessageIsIndexedWithItsHeadersAndTheTextBeforeTheAttachmentThatOverran() throws IOException {
        byte[] raw = """
                Subject: the plans
                Content-Type: multipart/mixed; boundary="m"

                --m
                Content-Type: text/plain

                Meet at the lighthouse.
                --m
                Content-Type: application/pdf

                %PDF-1.4 endless
                --m
                Content-Type: text/plain

                Bring a torch.
                --m--
                """.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        MessageText text = MessageText.extract(new ByteArrayInputStream(raw), MessageStructure.parse(new ByteArrayInputStream(raw)),
                threads.within(stuck("page one"), LIMIT));
        assertTrue(text.headers().contains("the plans"), text.headers());
        assertTrue(text.body().contains("Meet at the lighthouse."), text.body());
        assertTrue(text.body().contains("page one"), "what the parser had read counts: " + text.body());
        assertFalse(text.body().contains("torch"), "the rest is left unread");
        assertTrue(text.cutShortBy().contains("longer than"), text.cutShortBy());
        assertFalse(text.cutForAWhile(), "its own time limit: indexed with what was read, for good");
    }

    @Test
    void aCompleteMessageSaysSo() throws IOException {
        byte[] raw = "Subject: hi\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n".getBytes(StandardCharsets.UTF_8);
        MessageText text = MessageText.extract(new ByteArrayInputStream(raw), MessageStructure.parse(new ByteArrayInputStream(raw)),
                threads.within(TIKA, AMPLE));
        assertEquals("hello", text.body().strip());
        assertNull(text.cutShortBy());
    }

    /** A parser that writes some words, then loops until the test releases it, deaf to interrupts. */
    private Parser stuck(String words) {
        return new Parser() {
            @Override
            public Set<MediaType> getSupportedTypes(ParseContext context) {
                return Set.of();
            }

            @Override
            public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                    throws SAXException {
                XHTMLContentHandler page = new XHTMLContentHandler(handler, metadata);
                page.startDocument();
                page.element("p", words);
                while (release.getCount() > 0) {
                    Thread.interrupted();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

        private void awaitAbandoned(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threads.abandoned() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, threads.abandoned());
    }

    private static Metadata html() {
        return typed("text/html; charset=utf-8");
    }

    private static Metadata plainText() {
        return typed("text/plain; charset=us-ascii");
    }

    private static Metadata typed(String type) {
        Metadata metadata = new Metadata();
        metadata.set(org.apache.tika.metadata.HttpHeaders.CONTENT_TYPE, type);
        return metadata;
    }
}
