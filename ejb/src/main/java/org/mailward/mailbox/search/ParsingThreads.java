package org.mailward.mailbox.search;

import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads Tika parses attachments on, so that one message's extraction ends at its deadline:
 * a parser may loop on a crafted PDF and ignore interrupts. At the deadline the waiting indexer
 * interrupts the parse and takes the text read so far; the parse's stream refuses every read from
 * then on (most parsers stop at that), and the message stream can be closed safely, as no read of
 * it is under way any more. A parse that still runs is abandoned on its thread: at most
 * {@code mostAbandoned} such threads are allowed, after that attachments are left unread until one
 * ends. Healthy parses get a thread each, up to {@link #MAX_THREADS}, so none waits for a slot
 * while its time runs.
 */
final class ParsingThreads {

    /** Parses at once; more than the indexing thread and the searches that index ever ask for. */
    static final int MAX_THREADS = 32;

    private final ThreadPoolExecutor pool;
    private final int mostAbandoned;
    private final AtomicInteger abandoned = new AtomicInteger();

    ParsingThreads(ThreadFactory threads, int mostAbandoned) {
        this.pool = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
        this.mostAbandoned = mostAbandoned;
    }

    /** A parser for one message's parts, all of which must be read within {@code limit} from now. */
    Parser within(Parser parser, Duration limit) {
        return new Limited(parser, System.nanoTime() + limit.toNanos(), limit);
    }

    /** Abandoned parses that still run. */
    int abandoned() {
        return abandoned.get();
    }

    void shutdown() {
        pool.shutdownNow();
    }

    private final class Limited implements Parser {

        private final Parser parser;
        private final long deadline;
        private final Duration limit;

        Limited(Parser parser, long deadline, Duration limit) {
            this.parser = parser;
            this.deadline = deadline;
            this.limit = limit;
        }

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return parser.getSupportedTypes(context);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                throws IOException, SAXException, TikaException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw overrun();
            }
            if (abandoned.get() >= mostAbandoned) {
                throw new ExtractionCutShort(abandoned.get() + " attachment parser(s) that overran their time limit still run", true);
            }
            GuardedStream guarded = new GuardedStream(stream);
            Parse running = new Parse(() -> {
                parser.parse(guarded, handler, metadata, context);
                return null;
            });
            try {
                pool.execute(running);
            } catch (RejectedExecutionException e) {
                throw new ExtractionCutShort(pool.isShutdown() ? "the server is stopping"
                        : "all " + MAX_THREADS + " attachment parser threads are busy", true);
            }
            try {
                running.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (running.abandon()) {
                    running.cancel(true);
                    guarded.close();
                    throw overrun();
                }
                outcome(running); // it ended just now
            } catch (InterruptedException e) {
                running.abandon();
                running.cancel(true);
                guarded.close();
                Thread.currentThread().interrupt();
                throw new ExtractionCutShort("the indexing was interrupted", true);
            } catch (ExecutionException e) {
                rethrow(e.getCause());
            }
        }

        private ExtractionCutShort overrun() {
            return new ExtractionCutShort("extracting its text took longer than " + limit.toSeconds() + " s", false);
        }
    }

    private static void outcome(Future<?> ended) throws IOException, SAXException, TikaException {
        try {
            ended.get();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrow(Throwable cause) throws IOException, SAXException, TikaException {
        switch (cause) {
            case IOException e -> throw e;
            case SAXException e -> throw e;
            case TikaException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new TikaException("Attachment parser failed", cause);
        }
    }

    /**
     * One parse, running until it ends or is abandoned, whichever comes first. An abandoned parse
     * counts until its thread is free: when the parser returns, or, for a parse cancelled before
     * its thread took it up, at once, as the parser will never run.
     */
    private final class Parse extends FutureTask<Void> {

        private static final int RUNNING = 0;
        private static final int ENDED = 1;
        private static final int ABANDONED = 2;

        private final AtomicInteger state = new AtomicInteger(RUNNING);
        // Taken by the thread that runs the parse, or by its cancelling first: whoever takes it ends the parse.
        private final AtomicBoolean taken = new AtomicBoolean();

        Parse(Callable<Void> parse) {
            super(parse);
        }

        @Override
        public void run() {
            if (taken.compareAndSet(false, true)) {
                try {
                    super.run();
                } finally {
                    ended();
                }
            }
        }

        @Override
        protected void done() {
            if (isCancelled() && taken.compareAndSet(false, true)) {
                ended(); // cancelled before its thread took it up
            }
        }

        /** Whether it was still running, and now counts as abandoned. */
        boolean abandon() {
            if (state.compareAndSet(RUNNING, ABANDONED)) {
                abandoned.incrementAndGet();
                return true;
            }
            return false;
        }

        private void ended() {
            if (!state.compareAndSet(RUNNING, ENDED)) {
                abandoned.decrementAndGet(); // an abandoned parse ended after all: its thread is free
            }
        }
    }

    /**
     * The part's stream as the parser sees it: once closed by the indexer, it refuses reads, and
     * closing waits for a read under way, so the message stream below is never read after the
     * indexer gave up on it. The parser's own close leaves the message stream open.
     */
    static final class GuardedStream extends InputStream {

        private final InputStream in;
        private boolean closed;

        GuardedStream(InputStream in) {
            this.in = in;
        }

        @Override
        public synchronized int read() throws IOException {
            requireOpen();
            return in.read();
        }

        @Override
        public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
            requireOpen();
            return in.read(buffer, offset, length);
        }

        @Override
        public synchronized long skip(long n) throws IOException {
            requireOpen();
            return in.skip(n);
        }

        @Override
        public synchronized int available() throws IOException {
            requireOpen();
            return in.available();
        }

        @Override
        public synchronized void close() {
            closed = true;
        }

        private void requireOpen() throws IOException {
            if (closed) {
                throw new IOException("The attachment's time to be read is over");
            }
        }
    }
}
