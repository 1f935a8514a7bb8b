package org.mailward.connector.spi.mailbox;

/**
 * One SORT criterion (RFC 5256 section 3, RFC 5957): a key, in ascending order unless
 * {@code reverse} (REVERSE before it).
 */
public record SortCriterion(Key key, boolean reverse) {

    /** What messages are ordered by; DISPLAYFROM and DISPLAYTO are RFC 5957's. */
    public enum Key { ARRIVAL, CC, DATE, FROM, SIZE, SUBJECT, TO, DISPLAYFROM, DISPLAYTO }
}
