package org.mailward.connector.imap;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.mailward.connector.spi.mailbox.MailboxWatch;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.UidRanges;

/**
 * The mailbox a session has selected, as that session numbers it: message sequence numbers are
 * positions in {@link #uids}, which changes only when the session tells its client (EXISTS,
 * EXPUNGE), so both sides always agree on the numbers (RFC 9051 section 2.3.1.2).
 */
final class SelectedMailbox implements AutoCloseable {

    /**
     * How long the session trusts that no change was heard: the backend wakes watchers of its own
     * node as each change commits, so this bounds only a change on another node whose event was lost.
     */
    private static final Duration TRUST_SILENCE = Duration.ofSeconds(30);

    final long folderId;
    final String name;
    final boolean readOnly;
    final long uidValidity;
    private long[] uids;
    private int count;
    /** Changes up to this modseq have been told to the client. */
    private long modseq;
    /** Flag changes this session made itself, by UID, at their modseq: the client knows of them already. */
    private final Map<Long, Long> ownChanges = new HashMap<>();
    /** The UIDs a SEARCH saved for {@code $} (RFC 5182 section 2.1: empty at each SELECT), ascending. */
    private long[] savedUids = new long[0];
    /** Whether the folder changed since the session last asked; true at first, as the watch starts after the SELECT read it. */
    private final AtomicBoolean changedSinceLook = new AtomicBoolean(true);
    private long lookedAt;
    private final AutoCloseable watch;
    /** Told of each change after it is noted (IDLE's wake-up), or null. */
    private volatile Runnable onChange;
    /** The last small listing the session read, or null: see {@link #listed}. */
    private Listing listing;

    /** The messages with UIDs in {@code [from, to]} as they were at the folder's change {@code generation}. */
    private record Listing(long from, long to, Map<Long, MessageMeta> metas, long generation, long readAt) {
    }

    SelectedMailbox(long folderId, String name, boolean readOnly, long uidValidity, long[] uids, long modseq) {
        this.folderId = folderId;
        this.name = name;
        this.readOnly = readOnly;
        this.uidValidity = uidValidity;
        this.uids = uids.clone();
        this.count = uids.length;
        this.modseq = modseq;
        this.watch = MailboxWatch.watch(folderId, this::changed);
    }

    /** Runs on the thread that heard the change: it notes it, then wakes an idling session, which then looks. */
    private void changed() {
        changedSinceLook.set(true);
        Runnable listener = onChange;
        if (listener != null) {
            listener.run();
        }
    }

    /** Whom to tell of each change from now on (IDLE), or null to stop. An idling session keeps no listing. */
    void onChange(Runnable listener) {
        onChange = listener;
        if (listener != null) {
            listing = null;
        }
    }

    /**
     * The messages with UIDs in {@code [from, to]}, by UID, from the kept listing, or null when it
     * does not cover them or may be stale: the folder changed since it was read, or it is older than
     * the silence a session trusts (ADR 0032). A UID in the range that is not in the map is gone.
     */
    Map<Long, MessageMeta> listed(long from, long to) {
        Listing kept = listing;
        if (kept == null || from < kept.from() || to > kept.to() || kept.generation() != MailboxWatch.generation(folderId)
                || System.nanoTime() - kept.readAt() > TRUST_SILENCE.toNanos()) {
            return null;
        }
        return kept.metas();
    }

    /**
     * Keeps a listing of UIDs {@code [from, to]} read after the folder's change {@code generation}
     * (taken before asking, so a change during the read makes it stale at once).
     */
    void keepListing(long from, long to, Map<Long, MessageMeta> metas, long generation) {
        listing = generation == 0 ? null : new Listing(from, to, Map.copyOf(metas), generation, System.nanoTime());
    }

    /**
     * Whether to ask the backend what changed: a change was heard since the last look, or that
     * look is too old to trust the silence. Most commands find nothing changed and skip the call.
     */
    boolean lookNeeded() {
        return changedSinceLook.get() || System.nanoTime() - lookedAt > TRUST_SILENCE.toNanos();
    }

    /** Called before asking: a change heard while the answer is on its way makes the next command look again. */
    void looking() {
        changedSinceLook.set(false);
        lookedAt = System.nanoTime();
    }

    /** A look that failed: the next command asks again. */
    void lookAgain() {
        changedSinceLook.set(true);
    }

    /** Stops watching the folder: the session deselected it or ended. */
    @Override
    public void close() {
        try {
            watch.close();
        } catch (Exception e) {
            throw new IllegalStateException("A watch cannot fail to close", e);
        }
    }

    long modseq() {
        return modseq;
    }

    void changedHere(long uid, long changeModseq) {
        ownChanges.put(uid, changeModseq);
    }

    /** Whether the flag change of {@code uid} at {@code changeModseq} is news to the client. */
    boolean isNews(long uid, long changeModseq) {
        Long own = ownChanges.get(uid);
        return own == null || own < changeModseq;
    }

    /** The client has been told everything up to {@code newModseq}. */
    void toldUpTo(long newModseq) {
        modseq = newModseq;
        ownChanges.clear();
    }

    long[] savedUids() {
        return savedUids;
    }

    void save(long[] uids) {
        savedUids = uids.clone();
    }

    int count() {
        return count;
    }

    long uid(int sequence) {
        return uids[sequence - 1];
    }

    long highestUid() {
        return count == 0 ? 0 : uids[count - 1];
    }

    /** The sequence number of {@code uid}, 0 if the session does not know it. */
    int sequence(long uid) {
        int index = Arrays.binarySearch(uids, 0, count, uid);
        return index < 0 ? 0 : index + 1;
    }

    /** The UIDs the session numbers that are in {@code set}, ascending: found range by range, never UID by UID of the set. */
    long[] knownIn(UidRanges set) {
        long[] known = new long[0];
        int size = 0;
        for (int range = 0; range < set.rangeCount(); range++) {
            int index = Arrays.binarySearch(uids, 0, count, set.first(range));
            for (int i = index < 0 ? -index - 1 : index; i < count && uids[i] <= set.last(range); i++) {
                if (size == known.length) {
                    known = Arrays.copyOf(known, Math.max(16, size * 2));
                }
                known[size++] = uids[i];
            }
        }
        return Arrays.copyOf(known, size);
    }

    void added(long uid) {
        if (count == uids.length) {
            uids = Arrays.copyOf(uids, Math.max(16, count * 2));
        }
        uids[count++] = uid;
    }

    /** Forgets message {@code sequence}; those after it move down by one. */
    void expunged(int sequence) {
        System.arraycopy(uids, sequence, uids, sequence - 1, count - sequence);
        count--;
    }
}
