package org.mailward.connector.spi.mailbox;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A set of UIDs as ascending ranges that neither overlap nor touch: an expunge of a million
 * messages, or every UID a folder no longer has, is a few numbers instead of a list of each.
 * Immutable; {@link #toString} is the IMAP {@code uid-set} form, {@code 1:3,5}.
 */
public final class UidRanges {

    public static final UidRanges NONE = new UidRanges(new long[0]);
    /** Every UID there can be. */
    public static final UidRanges ALL = range(1, Long.MAX_VALUE);

    /** first0, last0, first1, last1, ...: ascending, with a gap of at least one UID between ranges. */
    private final long[] bounds;

    private UidRanges(long[] bounds) {
        this.bounds = bounds;
    }

    /** The UIDs {@code first} to {@code last}; none when {@code last < first}. */
    public static UidRanges range(long first, long last) {
        return last < first ? NONE : new UidRanges(new long[] {first, last});
    }

    /** These UIDs, in any order, repeated or not. */
    public static UidRanges of(Collection<Long> uids) {
        return of(uids.stream().mapToLong(Long::longValue).toArray());
    }

    /** These UIDs, in any order, repeated or not. */
    public static UidRanges of(long... uids) {
        long[] sorted = uids.clone();
        Arrays.sort(sorted);
        Builder builder = new Builder();
        for (long uid : sorted) {
            builder.add(uid, uid);
        }
        return builder.build();
    }

    /** The union of ranges {@code {first, last}} given in any order, overlapping or not. */
    public static UidRanges ofRanges(List<long[]> ranges) {
        Builder builder = new Builder();
        ranges.stream().sorted(Comparator.comparingLong(range -> range[0])).forEach(range -> builder.add(range[0], range[1]));
        return builder.build();
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    /** How many ranges the set has. */
    public int rangeCount() {
        return bounds.length / 2;
    }

    /** The first UID of range {@code index} (0-based, ascending). */
    public long first(int index) {
        return bounds[2 * index];
    }

    /** The last UID of range {@code index}. */
    public long last(int index) {
        return bounds[2 * index + 1];
    }

    public boolean contains(long uid) {
        int index = Arrays.binarySearch(bounds, uid);
        // on a bound, or between a first (even position) and its last
        return index >= 0 || (-index - 1) % 2 == 1;
    }

    /** The UIDs in both sets. */
    public UidRanges intersect(UidRanges other) {
        Builder builder = new Builder();
        int i = 0;
        int j = 0;
        while (i < rangeCount() && j < other.rangeCount()) {
            builder.add(Math.max(first(i), other.first(j)), Math.min(last(i), other.last(j)));
            if (last(i) < other.last(j)) {
                i++;
            } else {
                j++;
            }
        }
        return builder.build();
    }

    /** The UIDs of this set that are not in {@code other}. */
    public UidRanges without(UidRanges other) {
        Builder builder = new Builder();
        int j = 0;
        for (int i = 0; i < rangeCount(); i++) {
            long next = first(i);
            boolean covered = false;
            while (j < other.rangeCount() && other.first(j) <= last(i)) {
                if (other.last(j) >= next) {
                    builder.add(next, other.first(j) - 1);
                    if (other.last(j) >= last(i)) {
                        covered = true; // and it may cover the next range too: j stays
                        break;
                    }
                    next = other.last(j) + 1;
                }
                j++;
            }
            if (!covered) {
                builder.add(next, last(i));
            }
        }
        return builder.build();
    }

    /** The IMAP {@code uid-set}: {@code 1:3,5}; empty for no UIDs. */
    @Override
    public String toString() {
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < rangeCount(); i++) {
            set.append(i == 0 ? "" : ",").append(first(i));
            if (last(i) > first(i)) {
                set.append(':').append(last(i));
            }
        }
        return set.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UidRanges ranges && Arrays.equals(bounds, ranges.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    /** Builds a set from ranges added in ascending order of their first UIDs; ranges that overlap or touch are joined. */
    public static final class Builder {

        private long[] bounds = new long[8];
        private int size;

        /** Adds {@code first} to {@code last}; nothing when {@code last < first}. */
        public Builder add(long first, long last) {
            if (last < first) {
                return this;
            }
            if (size > 0) {
                if (first < bounds[size - 2]) {
                    throw new IllegalArgumentException("Ranges must be added in ascending order");
                }
                if (first - 1 <= bounds[size - 1]) { // overlaps or touches the last range
                    bounds[size - 1] = Math.max(bounds[size - 1], last);
                    return this;
                }
            }
            if (size == bounds.length) {
                bounds = Arrays.copyOf(bounds, size * 2);
            }
            bounds[size++] = first;
            bounds[size++] = last;
            return this;
        }

        public UidRanges build() {
            return size == 0 ? NONE : new UidRanges(Arrays.copyOf(bounds, size));
        }
    }

    /**
     * The UIDs from 1 to {@code last} that are not among those it is shown, shown in ascending
     * order: what is gone from a folder, built from the UIDs it still has without keeping them.
     */
    public static final class Missing {

        private final Builder gaps = new Builder();
        private final long last;
        private long next = 1;

        public Missing(long last) {
            this.last = last;
        }

        /** A UID still there; UIDs come in ascending order. */
        public void present(long uid) {
            if (uid < next) {
                throw new IllegalArgumentException("UIDs must come in ascending order");
            }
            gaps.add(next, Math.min(uid - 1, last));
            next = uid + 1;
        }

        /** The UIDs up to {@code last} not shown. */
        public UidRanges build() {
            gaps.add(next, last);
            return gaps.build();
        }
    }
}
