package org.mailward.directory.settings;

/**
 * A setting as one level sees it.
 *
 * @param value            the value in force at this level
 * @param setHere          whether this level set it (otherwise it comes from above or is the default)
 * @param lowerMayOverride whether the levels below may set their own value
 * @param locked           whether a level above forbids this level to change it
 */
public record SettingView(String value, boolean setHere, boolean lowerMayOverride, boolean locked) {
}
