package org.mailward.directory.account;

/**
 * Fired inside the transaction that deletes an account, before its row goes, so that other
 * capabilities (the mail store and its full-text index) let go of what they keep for it with it.
 */
public record AccountDeleted(Account account) {
}
