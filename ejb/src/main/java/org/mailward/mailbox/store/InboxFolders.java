package org.mailward.mailbox.store;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers each account's INBOX folder id: every delivery needs it, and it never changes. INBOX
 * cannot be deleted or renamed away (IMAP's RENAME INBOX moves its messages to a new folder and
 * leaves INBOX in place), and a deleted account's id is never given to another one.
 */
@ApplicationScoped
public class InboxFolders {

    private static final int MAX_ENTRIES = 100_000;

    private final Map<Long, Long> ids = new ConcurrentHashMap<>();

    /** The INBOX id, from memory or from {@code lookup}; INBOX is made with its account, in the same transaction. */
    long id(long accountId, LongSupplier lookup) {
        Long known = ids.get(accountId);
        if (known != null) {
            return known;
        }
        long found = lookup.getAsLong();
        if (ids.size() >= MAX_ENTRIES) {
            ids.clear(); // bounded: the busiest accounts come back at once
        }
        ids.put(accountId, found);
        return found;
    }
}
