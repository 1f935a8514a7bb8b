package org.mailward.mailbox.search;

/**
 * What an operator's rebuild of the full-text index covers: one account ({@code account}, an
 * address), one domain's accounts ({@code domain}), or every message ({@code all} true); exactly one.
 */
public record RebuildScope(String account, String domain, Boolean all) {
}
