package org.mailward.directory.settings;

/** Fired when the system-level settings changed, so that their in-memory copy is read again after commit. */
record SystemSettingsChanged() {
}
