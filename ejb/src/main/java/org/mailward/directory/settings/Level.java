package org.mailward.directory.settings;

/** Where a setting is set, from the widest to the narrowest. */
public enum Level {
    SYSTEM, DOMAIN, ACCOUNT
}
