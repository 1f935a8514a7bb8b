package org.mailward.directory.domain;

/** Fired when a domain or domain alias is added or removed: which names are local changed. */
record DomainNamesChanged() {
}
