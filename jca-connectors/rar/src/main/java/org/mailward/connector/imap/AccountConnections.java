package org.mailward.connector.imap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logged-in IMAP sessions of each account, shared by the imap and imaps listeners, so that
 * one account cannot hold more than the administrator allows (system setting
 * {@code imap.max-connections-per-account}).
 */
public final class AccountConnections {

    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    /** Counts one more session of {@code account} unless it holds {@code max} already; says whether it did. */
    boolean enter(String account, int max) {
        boolean[] entered = {false};
        sessions.compute(account, (key, count) -> {
            int held = count == null ? 0 : count;
            entered[0] = held < max;
            return entered[0] ? held + 1 : count;
        });
        return entered[0];
    }

    void leave(String account) {
        sessions.computeIfPresent(account, (key, count) -> count <= 1 ? null : count - 1);
    }
}
