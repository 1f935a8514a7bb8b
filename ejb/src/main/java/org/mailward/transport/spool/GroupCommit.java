package org.mailward.transport.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit: items submitted while a commit is running are committed together in the next
 * one, so concurrent SMTP sessions share a transaction (its forced write, its JMS message)
 * instead of paying for one each. The first waiting submitter commits the batch (no thread of
 * its own, no added latency when alone); the others wait for its outcome. When a batch of several
 * fails, each of its items is committed alone, so one bad item cannot refuse the others.
 */
public final class GroupCommit<T> {

    private final Consumer<List<T>> commit;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final List<Pending<T>> waiting = new ArrayList<>();
    private boolean committing;

    private static final class Pending<T> {
        final T item;
        boolean done;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }

    /** @param commit commits a batch in one transaction, or throws and commits none of it */
    public GroupCommit(Consumer<List<T>> commit, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive");
        }
        this.commit = commit;
        this.maxBatch = maxBatch;
    }

    /** Returns once {@code item} is committed; throws what its commit threw. */
    public void submit(T item) {
        Pending<T> mine = new Pending<>(item);
        List<Pending<T>> batch;
        lock.lock();
        try {
            waiting.add(mine);
            while (committing && !mine.done) {
                finished.awaitUninterruptibly();
            }
            if (mine.done) {
                rethrowFailure(mine);
                return;
            }
            committing = true;
            int size = Math.min(maxBatch, waiting.size());
            // Oldest first, and always including this submitter's own item.
            batch = new ArrayList<>(waiting.subList(0, size));
            if (!batch.contains(mine)) {
                batch.set(batch.size() - 1, mine);
            }
            waiting.removeAll(batch);
        } finally {
            lock.unlock();
        }
        boolean ran = false;
        try {
            run(batch);
            ran = true;
        } finally {
            lock.lock();
            try {
                for (Pending<T> pending : batch) {
                    if (!ran && pending.failure == null) {
                        pending.failure = new IllegalStateException("The commit of its batch did not finish");
                    }
                    pending.done = true;
                }
                committing = false;
                finished.signalAll();
            } finally {
                lock.unlock();
            }
        }
        rethrowFailure(mine);
    }

    private static void rethrowFailure(Pending<?> pending) {
        if (pending.failure != null) {
            throw pending.failure;
        }
    }

    /** Runs the commit, recording a failure on each item it failed for. */
    private void run(List<Pending<T>> batch) {
        try {
            commit.accept(batch.stream().map(pending -> pending.item).toList());
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().failure = e;
            } else {
                batch.forEach(pending -> run(List.of(pending)));
            }
        }
    }
}
