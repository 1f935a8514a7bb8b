package org.mailward.directory.account;

/**
 * Fired (after the transaction commits) when an account's password, status or protocols changed
 * or it was deleted, so that caches of verified logins forget it at once.
 */
public record CredentialsChanged(String address) {
}
