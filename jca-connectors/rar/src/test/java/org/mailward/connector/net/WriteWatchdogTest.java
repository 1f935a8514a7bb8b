package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.testing.ListenerHarness;
import org.mailward.connector.testing.TestClient;

class WriteWatchdogTest {

    /** Ten seconds of silence between commands, but a write may be blocked for only 300 ms. */
    private static final ConnectionLimits LIMITS = new ConnectionLimits(Duration.ofSeconds(10), Duration.ofMillis(300), 1000,
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** Greets, answers any line with endless output, and hands its pusher out. */
    private static final class Flooding implements ProtocolSession {

        final CompletableFuture<Pusher> pusher = new CompletableFuture<>();

        @Override
        public Reply open(ConnectionInfo connection) {
            return Reply.of("hello");
        }

        @Override
        public Reply handle(String line) {
            return Reply.streaming(Flooding::flood);
        }

        static void flood(OutputStream out) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                out.write(chunk);
            }
        }

        @Override
        public void pushTo(Pusher pusher) {
            this.pusher.complete(pusher);
        }

        @Override
        public Reply lineTooLong() {
            return Reply.of("too long");
        }

        @Override
        public String idleTimeout() {
            return "idle";
        }

        @Override
        public String temporaryFailure(String reason) {
            return reason;
        }

        @Override
        public String tooManyConnections() {
            return "busy";
        }
    }

    @Test
    void aClientThatStopsReadingRepliesIsDisconnected() throws Exception {
        try (ListenerHarness listener = new ListenerHarness("test", Flooding::new, LIMITS, null);
             TestClient client = listener.connect()) {
            assertEquals("hello", client.readLine());
            client.send("give me everything"); // and never read it

            awaitNoConnections(listener);
        }
    }

    @Test
    void aClientThatStopsReadingPushesIsDisconnected() throws Exception {
        Flooding session = new Flooding();
        try (ListenerHarness listener = new ListenerHarness("test", () -> session, LIMITS, null);
             TestClient client = listener.connect()) {
            assertEquals("hello", client.readLine());
            Thread.startVirtualThread(() -> {
                try {
                    session.pusher.get(5, TimeUnit.SECONDS).push(Reply.streaming(Flooding::flood));
                } catch (Exception e) {
                    // the watchdog closed the socket under the push: what the test waits for
                }
            });

            awaitNoConnections(listener);
        }
    }

    /** Well before the listener's idle timeout: the watchdog ended the connection, not the silence. */
    private static void awaitNoConnections(ListenerHarness listener) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (listener.acceptor.activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, listener.acceptor.activeConnections());
    }
}
