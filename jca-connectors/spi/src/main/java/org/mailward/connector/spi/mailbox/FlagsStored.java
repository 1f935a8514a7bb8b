package org.mailward.connector.spi.mailbox;

import java.util.List;

/**
 * What a STORE did: the messages it changed, with their new modseq, and the UIDs of those it left
 * alone because they had changed after its UNCHANGEDSINCE (RFC 7162 section 3.1.3, MODIFIED).
 */
public record FlagsStored(List<MessageMeta> changed, List<Long> modified) {

    /** The UNCHANGEDSINCE of a STORE that has none: every message may change, whatever its modseq. */
    public static final long UNCONDITIONAL = -1;
}
