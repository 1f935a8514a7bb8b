package org.mailward.mailbox.store;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Places staged deliveries in their folders: at once after the delivering transaction commits,
 * and, for messages a crash left staged, on a sweep every 30 seconds.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // stateless: many deliveries place their folders at once
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StagedArrivals {

    private static final Logger LOG = Logger.getLogger(StagedArrivals.class.getName());
    private static final Duration STALE = Duration.ofSeconds(30);

    @Inject
    private MailboxStore store;

    public void afterDelivery(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagesStaged staged) {
        store.assignStaged(staged.folderId());
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
