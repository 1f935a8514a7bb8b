package org.mailward.directory.settings;

/**
 * A change at one level: a new value (null to remove this level's value) and whether the levels
 * below may override it (default true).
 */
public record SettingChange(String value, Boolean lowerMayOverride) {
}
