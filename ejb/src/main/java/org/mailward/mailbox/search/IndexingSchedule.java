package org.mailward.mailbox.search;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * When a folder's new mail is indexed: {@link #GATHER} after the first arrival, so that the mail
 * arriving meanwhile goes into the same batches and the index commits once for them all; on one
 * thread; and, while mail keeps arriving, later, up to {@link #MAX_DELAY}: indexing a 100 KB body
 * costs Lucene about as much as accepting and storing it, so delivery goes first, and the index
 * catches up when the burst is over. A search never waits for this: it indexes its folder first.
 * After an operator's rebuild, and whenever the sweep finds mail the index lacks (after an
 * upgrade or a restart), the same thread catches up ({@link #catchUp}): it indexes whatever the
 * index lacks, a batch after another, yielding to arriving mail likewise.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IndexingSchedule {

    private static final Logger LOG = Logger.getLogger(IndexingSchedule.class.getName());

    static final Duration GATHER = Duration.ofSeconds(2);
    /** Mail arrived within this counts as a burst going on. */
    static final Duration QUIET = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(60);

    @Inject
    private MessageIndex index;

    @Inject
    private SystemSettings settings;

    @Resource
    private ManagedThreadFactory threads;

    private ScheduledExecutorService indexer;

    // Folders with an indexing scheduled but not started: later arrivals ride along with it.
    private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();
    private volatile long lastArrival = System.nanoTime();
    // Rebuilds asked for since the catching up last found nothing left: one running catch-up serves them all.
    private final AtomicInteger catchUpRequests = new AtomicInteger();

    public void arrived(long folderId) {
        lastArrival = System.nanoTime();
        if (!settings.flag(Setting.SEARCH_INDEX_AT_DELIVERY)) {
            return; // the folder's next search indexes it
        }
        if (scheduled.add(folderId)) {
            schedule(folderId, lastArrival);
        }
    }

    private void schedule(long folderId, long firstArrival) {
        try {
            indexer().schedule(() -> index(folderId, firstArrival), GATHER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.remove(folderId); // shutting down: the sweep after the restart indexes it
        }
    }

    private void index(long folderId, long firstArrival) {
        long now = System.nanoTime();
        if (now - lastArrival < QUIET.toNanos() && now - firstArrival < MAX_DELAY.toNanos()) {
            schedule(folderId, firstArrival); // mail is still arriving: delivery goes first
            return;
        }
        scheduled.remove(folderId); // before indexing: what arrives from now on schedules again
        index.indexAll(folderId);
    }

    /**
     * Indexes everything the index lacks, one batch at a time, until nothing is left or a batch
     * indexes nothing for good (no attachment parser to be had for now): after an operator's
     * rebuild, or a backlog the sweep found (an upgrade marks every message not indexed). Only
     * with indexing at delivery on; otherwise searches index their folders as ever. Asked for while
     * it runs, it goes on; after a restart or a stop, the next sweep starts it again.
     */
    public void catchUp() {
        if (settings.flag(Setting.SEARCH_INDEX_AT_DELIVERY) && catchUpRequests.getAndIncrement() == 0) {
            scheduleCatchUp(Duration.ZERO, System.nanoTime());
        }
    }

    private void scheduleCatchUp(Duration delay, long yieldingSince) {
        try {
            indexer().schedule(() -> catchUpBatch(yieldingSince), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            catchUpRequests.set(0); // shutting down: the sweep goes on after the restart
        }
    }

    private void catchUpBatch(long yieldingSince) {
        long now = System.nanoTime();
        if (now - lastArrival < QUIET.toNanos() && now - yieldingSince < MAX_DELAY.toNanos()) {
            scheduleCatchUp(GATHER, yieldingSince); // mail is arriving: delivery goes first
            return;
        }
        try {
            int requests = catchUpRequests.get();
            List<Long> behind = index.foldersBehind(1);
            if (behind.isEmpty()) {
                if (!catchUpRequests.compareAndSet(requests, 0)) {
                    scheduleCatchUp(Duration.ZERO, now); // a rebuild or a sweep asked meanwhile
                }
                return;
            }
            if (index.indexFolder(behind.getFirst(), 0).indexed() == 0) {
                catchUpRequests.set(0); // a message is left for later: the next sweep starts again
                return;
            }
            scheduleCatchUp(Duration.ZERO, System.nanoTime());
        } catch (RuntimeException e) {
            catchUpRequests.set(0);
            LOG.warning(() -> "Mailward stops catching up with the search index until the next sweep: " + e);
        }
    }

    private synchronized ScheduledExecutorService indexer() {
        if (indexer == null) {
            indexer = Executors.newSingleThreadScheduledExecutor(threads);
        }
        return indexer;
    }

    @PreDestroy
    synchronized void stop() {
        if (indexer != null) {
            // Not interrupted: Lucene closes its index writer for good when interrupted in I/O.
            indexer.shutdown();
            try {
                indexer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
