package org.mailward.connector.spi.mailbox;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes the listener sessions that wait on a folder (IMAP IDLE) when the backend hears that the
 * folder changed (ADR 0020). The resource adapter and the EJBs share this class through the
 * EAR's library, so the one static registry is reachable from both; a redeployment starts a new
 * one with the new class loader. A wake-up only says "look now": the session asks the backend
 * what changed, so a lost or duplicated wake-up costs nothing but a late or an extra look.
 */
public final class MailboxWatch {

    private static final ConcurrentHashMap<Long, Set<Runnable>> WATCHERS = new ConcurrentHashMap<>();

    private MailboxWatch() {
    }

    /** Calls {@code wake} at each change of the folder until the returned handle is closed. */
    public static AutoCloseable watch(long folderId, Runnable wake) {
        // Added inside compute, so a watcher leaving the folder at the same time cannot drop the set it is added to.
        WATCHERS.compute(folderId, (id, watchers) -> {
            Set<Runnable> set = watchers == null ? ConcurrentHashMap.newKeySet() : watchers;
            set.add(wake);
            return set;
        });
        return () -> WATCHERS.computeIfPresent(folderId, (id, watchers) -> {
            watchers.remove(wake);
            return watchers.isEmpty() ? null : watchers;
        });
    }

    /** Wakes the folder's watchers; each must return at once (a watcher hands its work to its own thread). */
    public static void changed(long folderId) {
        Set<Runnable> watchers = WATCHERS.get(folderId);
        if (watchers != null) {
            watchers.forEach(Runnable::run);
        }
    }
}
