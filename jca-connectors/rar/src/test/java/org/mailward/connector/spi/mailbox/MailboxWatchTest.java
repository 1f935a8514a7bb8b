package org.mailward.connector.spi.mailbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** IDLE's wake-ups: each watcher of a folder hears its changes until it stops watching, even when others come and go meanwhile. */
class MailboxWatchTest {

    @Test
    void watchersHearTheirFolderUntilTheyStop() throws Exception {
        AtomicInteger phone = new AtomicInteger();
        AtomicInteger desktop = new AtomicInteger();
        AutoCloseable phoneWatch = MailboxWatch.watch(41, phone::incrementAndGet);
        AutoCloseable desktopWatch = MailboxWatch.watch(41, desktop::incrementAndGet);

        MailboxWatch.changed(41);
        MailboxWatch.changed(42);
        phoneWatch.close();
        MailboxWatch.changed(41);
        desktopWatch.close();
        MailboxWatch.changed(41);

        assertEquals(1, phone.get());
        assertEquals(2, desktop.get());
    }

    @Test
    void aWatcherArrivingWhileAnotherLeavesIsNotLost() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            AutoCloseable leaving = MailboxWatch.watch(43, () -> { });
            AtomicInteger heard = new AtomicInteger();
            Thread arriving = Thread.startVirtualThread(() -> {
                try (AutoCloseable watch = MailboxWatch.watch(43, heard::incrementAndGet)) {
                    Thread.onSpinWait();
                    MailboxWatch.changed(43);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            leaving.close();
            arriving.join();
            assertEquals(1, heard.get(), "round " + round);
        }
    }
}
