package org.mailward.directory.domain;

/** Fired when a domain's status, hostname, limits, features or throttling changed: what it may use is not what it was. */
public record DomainGrantsChanged(String domain) {
}
