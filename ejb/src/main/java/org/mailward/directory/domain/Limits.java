package org.mailward.directory.domain;

/**
 * What a domain may use; 0 means unlimited. On input, a null component leaves that limit as it is.
 */
public record Limits(Long diskSpaceMb, Integer maxUsers, Integer maxUserAliases, Integer maxDomainAliases,
                     Integer maxMessageSizeKb, Integer maxRecipients) {

    static final Limits UNLIMITED = new Limits(0L, 0, 0, 0, 0, 0);
}
