package org.mailward.transport.outbound.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes the socket when one write has been blocked longer than the limit. Java sockets have no write timeout, and a
 * server that stops reading in the middle of a 50 MB message would otherwise hold the delivery forever. A virtual
 * thread watches, and it ends with the session.
 */
final class WriteDeadline implements AutoCloseable {

    private final Socket socket;
    private final long limitNanos;
    private final Thread watcher;
    /** {@code System.nanoTime() | 1} when the pending write began, 0 when none is pending. */
    private volatile long blockedSince;
    private volatile boolean expired;

    WriteDeadline(Socket socket, Duration limit) {
        this.socket = socket;
        this.limitNanos = limit.toNanos();
        this.watcher = Thread.ofVirtual().name("smtp-write-deadline").start(this::watch);
    }

    /** {@code out} with each write and flush under the deadline. */
    OutputStream guard(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                blockedSince = System.nanoTime() | 1;
                try {
                    out.write(b);
                } finally {
                    blockedSince = 0;
                }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                blockedSince = System.nanoTime() | 1;
                try {
                    out.write(b, off, len);
                } finally {
                    blockedSince = 0;
                }
            }

            @Override
            public void flush() throws IOException {
                blockedSince = System.nanoTime() | 1;
                try {
                    out.flush();
                } finally {
                    blockedSince = 0;
                }
            }
        };
    }

    /** The deadline passed and closed the socket: the I/O error that followed is a timeout. */
    boolean expired() {
        return expired;
    }

    private void watch() {
        long tick = Math.max(limitNanos / 4, 1_000_000);
        while (!Thread.interrupted()) {
            LockSupport.parkNanos(tick);
            long since = blockedSince;
            if (since != 0 && System.nanoTime() - since > limitNanos) {
                expired = true;
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is all that is left to do
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
    }
}
