package org.mailward.directory.routing;

import org.mailward.directory.account.Account;
import org.mailward.directory.domain.Domain;

import java.util.List;

/** Where one address leads, one step: it does not follow aliases. */
public sealed interface Destination {

    /** The domain is not one of ours. */
    record Remote(String address) implements Destination {
    }

    /** No such mailbox or alias in a local domain, or no domain at all. */
    record Unknown() implements Destination {
    }

    /** A local mailbox or domain that does not take mail now. */
    record Disabled(String reason) implements Destination {
    }

    record Mailbox(Account account) implements Destination {
    }

    /** An alias, or the catch-all when nothing else matched, with its target addresses, each local or remote. */
    record Alias(Domain domain, List<String> targets, boolean catchAll) implements Destination {
    }
}
