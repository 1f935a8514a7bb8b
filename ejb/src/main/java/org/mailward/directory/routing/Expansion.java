package org.mailward.directory.routing;

import org.mailward.directory.account.Account;

import java.util.List;

/**
 * Where a message for a list of addresses goes after following every alias: local accounts
 * (each once) and remote addresses (each once). Addresses that led nowhere (unknown, disabled,
 * or an alias loop) are listed with the reason, for the log and for bounces.
 */
public record Expansion(List<Account> accounts, List<String> remote, List<Undeliverable> undeliverable) {

    /**
     * An address that led nowhere, with its RFC 3463 status: 5.1.1 unknown, 5.2.1 disabled, 5.4.6 an alias loop.
     */
    public record Undeliverable(String address, String status, String reason) {
        @Override
        public String toString() {
            return address + ": " + reason;
        }
    }
}
