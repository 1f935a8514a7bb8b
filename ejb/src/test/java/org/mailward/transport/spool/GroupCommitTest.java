package org.mailward.transport.spool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {

    @Test
    void aLoneSubmitterCommitsItsItemAtOnce() {
        List<List<String>> batches = new ArrayList<>();
        new GroupCommit<String>(batches::add, 8).submit("a");
        assertEquals(List.of(List.of("a")), batches);
    }

    @Test
    void itemsArrivingDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer> group = new GroupCommit<>(batch -> {
            batches.add(batch);
            if (batch.contains(0)) {
                firstCommitStarted.countDown();
                await(releaseFirst);
            }
        }, 8);
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            Future<?> first = pool.submit(() -> group.submit(0));
            await(firstCommitStarted);
            List<Future<?>> rest = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                int item = i;
                rest.add(pool.submit(() -> group.submit(item)));
            }
            Thread.sleep(200); // all five are waiting behind the first commit
            releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
            for (Future<?> future : rest) {
                future.get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(2, batches.size(), "one commit for the first, one for the five that waited: " + batches);
        assertEquals(List.of(1, 2, 3, 4, 5), batches.get(1).stream().sorted().toList());
    }

    @Test
    void aBatchNeverExceedsItsLimitAndEveryItemIsCommittedOnce() throws Exception {
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer> group = new GroupCommit<>(batch -> {
            sizes.add(batch.size());
            committed.addAll(batch);
            sleep(2);
        }, 3);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int item = i;
                futures.add(pool.submit(() -> group.submit(item)));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(400, committed.size());
        assertEquals(400, committed.stream().distinct().count());
        assertTrue(sizes.stream().allMatch(size -> size <= 3), "batch sizes " + sizes);
        assertTrue(sizes.stream().anyMatch(size -> size > 1), "concurrent submitters were never grouped: " + sizes);
    }

    @Test
    void aFailingItemFailsAloneAndItsBatchMatesAreCommitted() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Integer> committed = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer> group = new GroupCommit<>(batch -> {
            if (batch.contains(0)) {
                firstCommitStarted.countDown();
                await(releaseFirst);
            }
            if (batch.contains(13)) {
                throw new IllegalStateException("no 13");
            }
            committed.addAll(batch);
        }, 8);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Future<?> first = pool.submit(() -> group.submit(0));
            await(firstCommitStarted);
            Future<?> good = pool.submit(() -> group.submit(12));
            Future<?> bad = pool.submit(() -> group.submit(13));
            Future<?> alsoGood = pool.submit(() -> group.submit(14));
            Thread.sleep(200);
            releaseFirst.countDown();
            first.get(5, TimeUnit.SECONDS);
            good.get(5, TimeUnit.SECONDS);
            alsoGood.get(5, TimeUnit.SECONDS);
            Exception failure = assertThrows(Exception.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertEquals("no 13", failure.getCause().getMessage());
        }
        assertEquals(List.of(0, 12, 14), committed.stream().sorted().toList());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
