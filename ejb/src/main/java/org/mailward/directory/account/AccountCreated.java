package org.mailward.directory.account;

/**
 * Fired inside the transaction that creates an account, so that other capabilities (the mail
 * store's folders, first of all) come into being with it or not at all.
 */
public record AccountCreated(Account account) {
}
