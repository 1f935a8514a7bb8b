package org.mailward.directory.settings;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The system-level values the protocol code reads on every connection and login, kept in memory.
 * A change through this node applies at once; one made through another node within {@link #REFRESH}.
 */
@ApplicationScoped
public class SystemSettings {

    static final Duration REFRESH = Duration.ofSeconds(10);

    @PersistenceContext
    private EntityManager em;

    private volatile Snapshot snapshot;

    private record Snapshot(Map<String, String> values, Instant readAt) {
    }

    public String value(Setting setting) {
        Snapshot current = snapshot;
        if (current == null || current.readAt().plus(REFRESH).isBefore(Instant.now())) {
            current = new Snapshot(read(), Instant.now());
            snapshot = current;
        }
        return current.values().getOrDefault(setting.key(), setting.defaultValue());
    }

    public boolean flag(Setting setting) {
        return Boolean.parseBoolean(value(setting));
    }

    public int number(Setting setting) {
        return Integer.parseInt(value(setting));
    }

    /** After a change commits: reading before the commit could cache the old values again. */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) SystemSettingsChanged change) {
        snapshot = null;
    }

    private Map<String, String> read() {
        return em.createQuery("select s from SettingValue s where s.scope = :level", SettingValue.class)
                .setParameter("level", Level.SYSTEM)
                .getResultList().stream().collect(Collectors.toMap(SettingValue::name, SettingValue::value));
    }
}
