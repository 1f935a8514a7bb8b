package org.mailward.connector.spi.mailbox;

import java.time.LocalDate;
import java.util.List;

/**
 * A search program (IMAP SEARCH, RFC 9051 section 6.4.4) as the backend evaluates it, with
 * message sets already turned into UIDs by the session that numbers them.
 */
public sealed interface SearchKey {

    record All() implements SearchKey {
    }

    /** Messages with (or, {@code set} false, without) a system flag by its IMAP name, or a keyword. */
    record Flag(String flag, boolean set) implements SearchKey {
    }

    /** Messages whose UID is in one of the inclusive ranges. */
    record Uids(List<long[]> ranges) implements SearchKey {
    }

    /** LARGER ({@code larger}) or SMALLER than {@code bytes}. */
    record Size(long bytes, boolean larger) implements SearchKey {
    }

    enum Relation { BEFORE, ON, SINCE }

    /** By internal date ({@code sent} false) or by the Date header, compared by day in UTC. */
    record Date(LocalDate day, Relation relation, boolean sent) implements SearchKey {
    }

    /** A header field containing {@code value}, case-insensitive; an empty value matches every message with the field. */
    record Header(String field, String value) implements SearchKey {
    }

    /** {@code value} in the body ({@code bodyOnly}) or anywhere in the message (TEXT), case-insensitive. */
    record Text(String value, boolean bodyOnly) implements SearchKey {
    }

    /** Messages whose modseq is {@code modseq} or above (RFC 7162 section 3.1.5). */
    record Modseq(long modseq) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    record And(List<SearchKey> keys) implements SearchKey {
    }
}
