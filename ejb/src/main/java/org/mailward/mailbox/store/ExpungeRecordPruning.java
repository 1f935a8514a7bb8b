package org.mailward.mailbox.store;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Prunes the records of expunges older than {@code imap.expunged-retention-days}: every hour, and
 * when a system administrator asks. One run at a time on a node (a singleton's write lock); each
 * batch is a transaction of its own, and nodes pruning at once take turns on the folder rows.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExpungeRecordPruning {

    private static final Logger LOG = Logger.getLogger(ExpungeRecordPruning.class.getName());

    @Inject
    private ExpungeRecords records;

    @Inject
    private SystemSettings settings;

    @Inject
    private AccessControl access;

    /** What a run pruned: from how many folders, how many records. */
    public record Pruned(int folders, long records) {
    }

    @Schedule(hour = "*", minute = "23", persistent = false)
    void hourly() {
        prune();
    }

    /** Prunes now what the retention lets go, as the hourly run would; for a system administrator. */
    public Pruned pruneNow(Caller caller) {
        access.requireSystemAdmin(caller, "prune expunge records");
        return prune();
    }

    private Pruned prune() {
        int days = settings.number(Setting.IMAP_EXPUNGED_RETENTION_DAYS);
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        Set<Long> folders = new HashSet<>();
        long pruned = 0;
        for (Optional<Long> folder = records.oldestFolder(cutoff); folder.isPresent(); folder = records.oldestFolder(cutoff)) {
            pruned += records.pruneBatch(folder.get(), cutoff);
            folders.add(folder.get());
        }
        long total = pruned;
        if (total > 0) {
            LOG.info(() -> "Mailward pruned " + total + " expunge record(s) older than " + days + " day(s) in " + folders.size() + " folder(s)");
        }
        return new Pruned(folders.size(), total);
    }
}
