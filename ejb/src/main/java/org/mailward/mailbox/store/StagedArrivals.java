package org.mailward.mailbox.store;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * Places staged deliveries in their folders: right after the delivering transaction commits, on
 * a background thread, one placing per folder at a time, so that a burst of deliveries to one
 * mailbox is numbered in a few short transactions instead of one each; and, for messages a crash
 * left staged, on a sweep every 30 seconds.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // stateless: many deliveries place their folders at once
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StagedArrivals {

    private static final Logger LOG = Logger.getLogger(StagedArrivals.class.getName());
    private static final Duration STALE = Duration.ofSeconds(30);

    @Inject
    private MailboxStore store;

    @Resource
    private ManagedExecutorService executor;

    // Folders with a placing scheduled but not started: later arrivals ride along with it.
    private final Set<Long> scheduled = ConcurrentHashMap.newKeySet();

    public void afterDelivery(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagesStaged staged) {
        long folderId = staged.folderId();
        if (!scheduled.add(folderId)) {
            return;
        }
        try {
            executor.execute(() -> {
                scheduled.remove(folderId); // before placing: what arrives from now on schedules again
                store.assignStaged(folderId);
            });
        } catch (RejectedExecutionException e) {
            scheduled.remove(folderId); // shutting down: the sweep after the restart places it
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void sweep() {
        for (long folderId : store.foldersWithStaleStagedMessages(STALE)) {
            int placed = store.assignStaged(folderId);
            if (placed > 0) {
                LOG.info(() -> "Mailward placed " + placed + " message(s) left staged in folder " + folderId);
            }
        }
    }
}
