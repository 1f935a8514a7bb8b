package org.mailward.security.ids;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;

/** This node's counts of recent failed logins, per client address and per account. */
@ApplicationScoped
public class LoginFailures {

    private final FailureCounter byAddress = new FailureCounter();
    private final FailureCounter byAccount = new FailureCounter();

    /** Records a failure and returns the larger of the two counts within the window. */
    int record(String address, String account, Instant now, Duration window) {
        int fromAddress = byAddress.record(address, now, window);
        int againstAccount = account == null ? 0 : byAccount.record(account, now, window);
        return Math.max(fromAddress, againstAccount);
    }

    /** An address the administrator unblocked starts again from zero. */
    void forgive(String address) {
        byAddress.clear(address);
    }
}
