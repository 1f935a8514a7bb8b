package org.mailward.connector.net;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Closes the socket of a write that has been blocked longer than the limit. A blocking socket has
 * no write timeout of its own: a client that stops reading (while IDLE pushes to it, or in the
 * middle of a large FETCH) would hold the writing thread, and the session's lock with it, for as
 * long as TCP keeps the connection. Closing the socket makes the blocked write fail.
 * <p>
 * One watchdog serves a listener and looks at the writes in progress once a second, so that a
 * write costs two clock readings and a set entry rather than a timer of its own.
 */
final class WriteWatchdog implements Runnable {

    private static final Logger LOG = Logger.getLogger(WriteWatchdog.class.getName());
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final String listener;
    private final Duration limit;
    private final Set<GuardedOutput> writing = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    WriteWatchdog(String listener, Duration limit) {
        this.listener = listener;
        this.limit = limit;
    }

    /** {@code out}, whose writes and flushes close {@code socket} when one of them blocks longer than the limit. */
    OutputStream guard(OutputStream out, Socket socket) {
        return new GuardedOutput(out, socket);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                Thread.sleep(SWEEP_INTERVAL);
                long now = System.nanoTime();
                for (GuardedOutput output : writing) {
                    if (now - output.writingSince > limit.toNanos()) {
                        writing.remove(output);
                        LOG.info(() -> "Mailward " + listener + " closed the connection from "
                                + output.socket.getInetAddress().getHostAddress() + ": it read nothing for "
                                + limit.toSeconds() + " s while the server was writing");
                        ConnectionRegistry.closeQuietly(output.socket);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the adapter is stopping
        }
    }

    void stop() {
        stopped = true;
    }

    private interface Write {
        void run() throws IOException;
    }

    private final class GuardedOutput extends FilterOutputStream {

        private final Socket socket;
        private volatile long writingSince;

        GuardedOutput(OutputStream out, Socket socket) {
            super(out);
            this.socket = socket;
        }

        @Override
        public void write(int b) throws IOException {
            watched(() -> out.write(b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            watched(() -> out.write(bytes, offset, length));
        }

        @Override
        public void flush() throws IOException {
            watched(out::flush);
        }

        private void watched(Write write) throws IOException {
            writingSince = System.nanoTime();
            writing.add(this);
            try {
                write.run();
            } finally {
                writing.remove(this);
            }
        }
    }
}
