package org.mailward.directory.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A value set for one setting at one level (the system, a domain or an account). */
@Entity
@Table(name = "setting")
public class SettingValue {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Level scope;

    @Column(name = "scope_id", nullable = false)
    private long scopeId;

    @Column(nullable = false)
    private String name;

    @Column(name = "setting_value", nullable = false)
    private String value;

    @Column(name = "lower_may_override", nullable = false)
    private boolean lowerMayOverride;

    protected SettingValue() {
    }

    SettingValue(Level scope, long scopeId, String name) {
        this.scope = scope;
        this.scopeId = scopeId;
        this.name = name;
    }

    String name() {
        return name;
    }

    String value() {
        return value;
    }

    boolean lowerMayOverride() {
        return lowerMayOverride;
    }

    void set(String value, boolean lowerMayOverride) {
        this.value = value;
        this.lowerMayOverride = lowerMayOverride;
    }
}
