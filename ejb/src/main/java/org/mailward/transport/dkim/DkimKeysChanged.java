package org.mailward.transport.dkim;

/** Fired when a domain's keys are generated, switched on or off, or deleted. */
record DkimKeysChanged(String domain) {
}
