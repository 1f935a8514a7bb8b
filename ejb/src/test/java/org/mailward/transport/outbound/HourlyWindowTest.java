package org.mailward.transport.outbound;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HourlyWindowTest {

    private static final Instant NOON = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aMessageLimitFillsAndEmptiesAnHourAfterEachMessage() {
        HourlyWindow window = new HourlyWindow();
        window.record(NOON, 100);
        window.record(NOON.plus(Duration.ofMinutes(10)), 100);

        Instant later = NOON.plus(Duration.ofMinutes(20));
        assertTrue(window.full(later, 2, 0));
        assertFalse(window.full(later, 3, 0));
        assertEquals(NOON.plus(Duration.ofHours(1)), window.fitsAt(later, 1, 2, 0), "when the first one leaves the hour");
        assertEquals(later, window.fitsAt(later, 1, 3, 0));
        assertFalse(window.full(NOON.plus(Duration.ofMinutes(61)), 2, 0), "the first message left the window");
        assertTrue(window.isEmpty(NOON.plus(Duration.ofMinutes(71))));
    }

    @Test
    void aByteLimitCountsSizes() {
        HourlyWindow window = new HourlyWindow();
        window.record(NOON, 600);
        window.record(NOON.plus(Duration.ofMinutes(5)), 300);

        Instant later = NOON.plus(Duration.ofMinutes(30));
        assertFalse(window.full(later, 0, 1000), "100 bytes left");
        assertEquals(later, window.fitsAt(later, 100, 0, 1000));
        assertEquals(NOON.plus(Duration.ofHours(1)), window.fitsAt(later, 200, 0, 1000), "after the 600 bytes leave");
        assertEquals(NOON.plus(Duration.ofMinutes(65)), window.fitsAt(later, 5000, 0, 1000),
                "a message bigger than the limit goes once the window is empty");
    }

    @Test
    void zeroLimitsAreUnlimited() {
        HourlyWindow window = new HourlyWindow();
        for (int i = 0; i < 1000; i++) {
            window.record(NOON, 1_000_000);
        }
        assertFalse(window.full(NOON, 0, 0));
        assertEquals(NOON, window.fitsAt(NOON, 1_000_000, 0, 0));
    }
}
