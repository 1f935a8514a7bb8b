package org.mailward.transport.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mailward.directory.account.Account;
import org.mailward.directory.domain.Throttling;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SettingsService;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Outbound throttling per user and per domain (messages and megabytes an hour: the domain's
 * "Priority and Throttling" and the settings {@code outbound.user-*-per-hour}). With the domain's
 * action {@code reject}, submission refuses mail once a window is full ({@link #full}); with
 * {@code delay}, mail is accepted and its first attempt waits until it fits ({@link #admit}).
 * Counted on each node for itself: a cluster of n nodes lets through up to n times the limit.
 */
@ApplicationScoped
public class OutboundThrottle {

    private static final long MB = 1024 * 1024;

    /** What limits a sender: its account's and its domain's windows. */
    public record Limits(String account, int userMessages, long userBytes, String domain, int domainMessages,
                         long domainBytes, boolean delay) {
        public static final Limits NONE = new Limits(null, 0, 0, null, 0, 0, false);

        boolean any() {
            return userMessages > 0 || userBytes > 0 || domainMessages > 0 || domainBytes > 0;
        }
    }

    private final Map<String, HourlyWindow> windows = new ConcurrentHashMap<>();

    @Inject
    private SettingsService settings;

    /** The limits of mail that {@code account} sends. */
    public Limits limitsOf(Account account) {
        Throttling domain = account.domain().throttling();
        int userMessages = Integer.parseInt(settings.accountValue(account, Setting.OUTBOUND_USER_MESSAGES_PER_HOUR));
        long userBytes = Integer.parseInt(settings.accountValue(account, Setting.OUTBOUND_USER_MB_PER_HOUR)) * MB;
        Limits limits = new Limits(account.address(), userMessages, userBytes, account.domain().name(),
                domain.messagesPerHour(), domain.mbPerHour() * MB, "delay".equals(domain.action()));
        return limits.any() ? limits : Limits.NONE;
    }

    /** Whether the sender may send nothing more this hour: submission refuses when the action is reject. */
    public synchronized boolean full(Limits limits, Instant now) {
        return limits.any() && (window("account:" + limits.account()).full(now, limits.userMessages(), limits.userBytes())
                || window("domain:" + limits.domain()).full(now, limits.domainMessages(), limits.domainBytes()));
    }

    /**
     * When a message of {@code size} bytes may go: {@code now}, and then it is counted; or, under
     * the delay action, the later time when it fits, and then it is not counted yet.
     */
    public synchronized Instant admit(Limits limits, long size, Instant now) {
        if (!limits.any()) {
            return now;
        }
        HourlyWindow user = window("account:" + limits.account());
        HourlyWindow domain = window("domain:" + limits.domain());
        if (limits.delay()) {
            Instant userAt = user.fitsAt(now, size, limits.userMessages(), limits.userBytes());
            Instant domainAt = domain.fitsAt(now, size, limits.domainMessages(), limits.domainBytes());
            Instant at = userAt.isAfter(domainAt) ? userAt : domainAt;
            if (at.isAfter(now)) {
                return at;
            }
        }
        user.record(now, size);
        domain.record(now, size);
        windows.entrySet().removeIf(entry -> entry.getValue().isEmpty(now) && entry.getValue() != user && entry.getValue() != domain);
        return now;
    }

    private HourlyWindow window(String key) {
        return windows.computeIfAbsent(key, ignored -> new HourlyWindow());
    }
}
