package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;

import org.mailward.connector.spi.mailbox.UidRanges;

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

    /** The UIDs the set names, with {@code *} meaning {@code largest}. */
    UidRanges uids(long largest) {
        return UidRanges.ofRanges(ranges.stream().map(range -> {
            long a = range[0] == LARGEST ? largest : range[0];
            long b = range[1] == LARGEST ? largest : range[1];
            return new long[] {Math.min(a, b), Math.max(a, b)};
        }).toList());
    }

    /** Whether the set uses {@code *}. */
    boolean hasLargest() {
        return ranges.stream().anyMatch(range -> range[0] == LARGEST || range[1] == LARGEST);
    }

    /** How many numbers the set names, one named twice counting twice; the set has no {@code *}. */
    long size() {
        return ranges.stream().mapToLong(range -> Math.abs(range[1] - range[0]) + 1).sum();
    }

    /**
     * The numbers in the order the set names them, each range from its lower end up; the set has no
     * {@code *}. Read lazily, so a range as wide as {@code 1:4294967295} costs only what is read.
     */
    PrimitiveIterator.OfLong values() {
        return new PrimitiveIterator.OfLong() {
            private int range;
            private long next = ranges.isEmpty() ? 0 : low(0);

            @Override
            public boolean hasNext() {
                return range < ranges.size();
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long value = next;
                if (value < Math.max(ranges.get(range)[0], ranges.get(range)[1])) {
                    next++;
                } else if (++range < ranges.size()) {
                    next = low(range);
                }
                return value;
            }

            private long low(int index) {
                return Math.min(ranges.get(index)[0], ranges.get(index)[1]);
            }
        };
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
