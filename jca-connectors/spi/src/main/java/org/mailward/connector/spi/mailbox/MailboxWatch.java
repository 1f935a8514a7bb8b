package org.mailward.connector.spi.mailbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes the listener sessions that wait on a folder (IMAP IDLE) when the backend hears that the
 * folder changed (ADR 0020). The resource adapter and the EJBs share this class through the
 * EAR's library, so the one static registry is reachable from both; a redeployment starts a new
 * one with the new class loader. A wake-up only says "look now": the session asks the backend
 * what changed, so a lost or duplicated wake-up costs nothing but a late or an extra look.
 */
public final class MailboxWatch {

    /** A watched folder: who to wake, and the number of its last change. */
    private record Watched(Set<Runnable> watchers, AtomicLong generation) {
    }

    private static final ConcurrentHashMap<Long, Watched> WATCHED = new ConcurrentHashMap<>();
    /** Numbers changes across all folders, so that a folder watched again never reuses a number it had. */
    private static final AtomicLong CHANGES = new AtomicLong();

    private MailboxWatch() {
    }

    /** Calls {@code wake} at each change of the folder until the returned handle is closed. */
    public static AutoCloseable watch(long folderId, Runnable wake) {
        // Added inside compute, so a watcher leaving the folder at the same time cannot drop the set it is added to.
        WATCHED.compute(folderId, (id, watched) -> {
            Watched entry = watched == null
                    ? new Watched(ConcurrentHashMap.newKeySet(), new AtomicLong(CHANGES.incrementAndGet())) : watched;
            entry.watchers().add(wake);
            return entry;
        });
        return () -> WATCHED.computeIfPresent(folderId, (id, watched) -> {
            watched.watchers().remove(wake);
            return watched.watchers().isEmpty() ? null : watched;
        });
    }

    /**
     * The number of the folder's last change heard while it was watched: two looks at a watched
     * folder under the same number see the same folder. Unwatched folders have none (0).
     */
    public static long generation(long folderId) {
        Watched watched = WATCHED.get(folderId);
        return watched == null ? 0 : watched.generation().get();
    }

    /**
     * An account or a domain may have lost access (disabled, deleted, a protocol turned off). Every
     * watched folder gets a new change number, and nobody is woken. What a session kept under the
     * old number is then asked for again, and the backend checks access at that call.
     */
    public static void accessChanged() {
        WATCHED.values().forEach(watched -> watched.generation().set(CHANGES.incrementAndGet()));
    }

    /** Wakes the folder's watchers; each must return at once (a watcher hands its work to its own thread). */
    public static void changed(long folderId) {
        Watched watched = WATCHED.get(folderId);
        if (watched != null) {
            watched.generation().set(CHANGES.incrementAndGet());
            watched.watchers().forEach(Runnable::run);
        }
    }
}
