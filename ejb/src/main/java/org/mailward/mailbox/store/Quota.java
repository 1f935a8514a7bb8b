package org.mailward.mailbox.store;

import org.mailward.directory.account.Account;

import java.util.function.LongSupplier;

/** The account's quota and its domain's disk limit, in MB where 0 means unlimited. */
public final class Quota {

    private static final long MB = 1024L * 1024;

    private Quota() {
    }

    /** The account's own quota in bytes; 0 when it has none. */
    public static long accountLimitBytes(Account account) {
        return account.quotaMb() * MB;
    }

    /**
     * Whether {@code size} more bytes fit, given what the account uses (asked only when it has a
     * quota) and what its whole domain uses (asked only when the domain has a limit: it is a sum
     * over the domain's accounts).
     */
    static boolean allows(Account account, long size, LongSupplier accountUsedBytes, LongSupplier domainUsedBytes) {
        long accountLimit = accountLimitBytes(account);
        Long domainLimitMb = account.domain().limits().diskSpaceMb();
        long domainLimit = domainLimitMb == null ? 0 : domainLimitMb * MB;
        return (accountLimit == 0 || accountUsedBytes.getAsLong() + size <= accountLimit)
                && (domainLimit == 0 || domainUsedBytes.getAsLong() + size <= domainLimit);
    }
}
