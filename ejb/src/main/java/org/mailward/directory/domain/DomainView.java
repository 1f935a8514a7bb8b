package org.mailward.directory.domain;

import java.time.Instant;
import java.util.List;

/** A domain as administrators see it, with what it uses of its limits. */
public record DomainView(String name, boolean enabled, String hostname, List<String> aliases,
                         List<String> administrators, Limits limits, Features features, Throttling throttling,
                         PasswordPolicy passwordPolicy, Usage usage, Instant createdAt) {

    /** How much of its limits a domain uses now. */
    public record Usage(long users, long userAliases, long domainAliases) {
    }
}
