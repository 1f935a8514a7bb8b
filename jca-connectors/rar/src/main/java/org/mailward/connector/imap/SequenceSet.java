package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code sequence-set} (RFC 9051 section 9): numbers and ranges, {@code *} standing for the
 * largest number in use. Resolved against the selected mailbox, for sequence numbers or UIDs.
 * {@code $}, the messages a SEARCH saved (RFC 5182), is the one set without ranges: only the
 * session knows what it holds.
 */
record SequenceSet(List<long[]> ranges) {

    /** Stands for {@code *} until resolved. */
    static final long LARGEST = -1;

    static final SequenceSet SAVED = new SequenceSet(List.of());

    /** Whether this is {@code $}, which names the messages the last SEARCH saved. */
    boolean isSaved() {
        return ranges.isEmpty();
    }

    static SequenceSet parse(String text) throws ImapArguments.SyntaxException {
        if (text.equals("$")) {
            return SAVED;
        }
        List<long[]> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            long first = number(colon < 0 ? part : part.substring(0, colon));
            long last = colon < 0 ? first : number(part.substring(colon + 1));
            ranges.add(new long[] {first, last});
        }
        return new SequenceSet(List.copyOf(ranges));
    }

    /** Whether {@code value} is in the set, with {@code *} meaning {@code largest}. */
    boolean contains(long value, long largest) {
        for (long[] range : ranges) {
            long a = range[0] == LARGEST ? largest : range[0];
            long b = range[1] == LARGEST ? largest : range[1];
            if (value >= Math.min(a, b) && value <= Math.max(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** The smallest and largest value the set can name, with {@code *} meaning {@code largest}. */
    long[] bounds(long largest) {
        long low = Long.MAX_VALUE;
        long high = 0;
        for (long[] range : ranges) {
            long a = range[0] == LARGEST ? largest : range[0];
            long b = range[1] == LARGEST ? largest : range[1];
            low = Math.min(low, Math.min(a, b));
            high = Math.max(high, Math.max(a, b));
        }
        return new long[] {low, high};
    }

    private static long number(String text) throws ImapArguments.SyntaxException {
        if (text.equals("*")) {
            return LARGEST;
        }
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(Character::isDigit)) {
            throw new ImapArguments.SyntaxException("Invalid sequence set");
        }
        long value = Long.parseLong(text);
        if (value == 0 || value > 0xFFFFFFFFL) {
            throw new ImapArguments.SyntaxException("Invalid sequence set");
        }
        return value;
    }
}
