package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxWatch;

class SharedLooksTest {

    private static final long FOLDER = 424_242;

    private final AtomicInteger asked = new AtomicInteger();

    private MailboxAnswer<FolderChanges> look() {
        asked.incrementAndGet();
        return MailboxAnswer.of(new FolderChanges(new FolderStatus("INBOX", 1, 2, asked.get(), 1, 0, 10), List.of(), List.of()));
    }

    @Test
    void sessionsAskingTheSameWhileALookIsOnItsWayShareIt() throws Exception {
        try (AutoCloseable watch = MailboxWatch.watch(FOLDER, () -> { });
             ExecutorService sessions = Executors.newFixedThreadPool(2)) {
            CountDownLatch asking = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            CompletableFuture<MailboxAnswer<FolderChanges>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return SharedLooks.changes(FOLDER, 5, () -> {
                        asking.countDown();
                        awaitQuietly(answer);
                        return look();
                    });
                } catch (BackendUnavailableException e) {
                    throw new IllegalStateException(e);
                }
            }, sessions);
            assertTrue(asking.await(5, TimeUnit.SECONDS));
            CompletableFuture<MailboxAnswer<FolderChanges>> second = CompletableFuture.supplyAsync(() -> {
                try {
                    return SharedLooks.changes(FOLDER, 5, this::look);
                } catch (BackendUnavailableException e) {
                    throw new IllegalStateException(e);
                }
            }, sessions);
            Thread.sleep(500); // the second session is waiting for the first one's look
            answer.countDown();
            assertSame(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS));
            assertEquals(1, asked.get(), "the second session was answered by the first one's look");

            SharedLooks.changes(FOLDER, 5, this::look);
            assertEquals(2, asked.get(), "a finished look is not kept: a later question asks again");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnwatchedFolderIsAlwaysAskedAndAFailedLookIsNotShared() throws Exception {
        SharedLooks.changes(FOLDER + 1, 5, this::look);
        SharedLooks.changes(FOLDER + 1, 5, this::look);
        assertEquals(2, asked.get());

        try (AutoCloseable watch = MailboxWatch.watch(FOLDER + 2, () -> { })) {
            try {
                SharedLooks.changes(FOLDER + 2, 5, () -> {
                    throw new BackendUnavailableException("down", null);
                });
            } catch (BackendUnavailableException expected) {
                // the next session asks again
            }
            SharedLooks.changes(FOLDER + 2, 5, this::look);
            assertEquals(3, asked.get());
        }
    }
}
