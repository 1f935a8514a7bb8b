package org.mailward.transport.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/** The messages and bytes one sender sent in the last hour: a sliding window, not a calendar hour. */
final class HourlyWindow {

    static final Duration HOUR = Duration.ofHours(1);

    private record Sent(Instant at, long bytes) {
    }

    private final Deque<Sent> sent = new ArrayDeque<>();
    private long bytes;

    void record(Instant now, long size) {
        forgetBefore(now);
        sent.addLast(new Sent(now, size));
        bytes += size;
    }

    /** Whether the window is full: one more message of any size would exceed a limit (0 = unlimited). */
    boolean full(Instant now, int maxMessages, long maxBytes) {
        forgetBefore(now);
        return maxMessages > 0 && sent.size() >= maxMessages || maxBytes > 0 && bytes >= maxBytes;
    }

    /**
     * The earliest time a message of {@code size} bytes fits within the limits (0 = unlimited):
     * {@code now} when it fits at once, otherwise the hour after the message whose leaving makes room.
     * A message larger than the whole byte limit goes once the window is empty.
     */
    Instant fitsAt(Instant now, long size, int maxMessages, long maxBytes) {
        forgetBefore(now);
        int count = sent.size();
        long total = bytes;
        Instant at = now;
        Iterator<Sent> oldest = sent.iterator();
        while ((maxMessages > 0 && count + 1 > maxMessages || maxBytes > 0 && total + size > maxBytes && count > 0)
                && oldest.hasNext()) {
            Sent leaving = oldest.next();
            count--;
            total -= leaving.bytes();
            at = leaving.at().plus(HOUR);
        }
        return at;
    }

    boolean isEmpty(Instant now) {
        forgetBefore(now);
        return sent.isEmpty();
    }

    private void forgetBefore(Instant now) {
        Instant start = now.minus(HOUR);
        while (!sent.isEmpty() && !sent.peekFirst().at().isAfter(start)) {
            bytes -= sent.removeFirst().bytes();
        }
    }
}
