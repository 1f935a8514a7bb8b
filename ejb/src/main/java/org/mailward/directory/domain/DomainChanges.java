package org.mailward.directory.domain;

/**
 * A new domain, or the changes to one: null components stay as they are (or take the defaults
 * when creating).
 */
public record DomainChanges(String name, Boolean enabled, String hostname, Limits limits, Features features,
                            Throttling throttling, PasswordPolicy passwordPolicy) {
}
