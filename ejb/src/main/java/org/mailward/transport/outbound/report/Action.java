package org.mailward.transport.outbound.report;

import java.util.Locale;

/** What happened to a recipient, as the Action field of RFC 3464 section 2.3.3 says it. */
public enum Action {
    /** Given up: the message will not reach this recipient. */
    FAILED,
    /** Not delivered yet, still being retried. */
    DELAYED,
    /**
     * Handed to a server that does not report delivery itself, for a recipient whose sender asked
     * to hear of success (RFC 3461 section 5.2.2.2): the last report the sender will get.
     */
    RELAYED;

    /** The field's value: the name in lower case. */
    String fieldValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
