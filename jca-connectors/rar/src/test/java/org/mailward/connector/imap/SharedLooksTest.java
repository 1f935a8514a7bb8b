package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxWatch;

class SharedLooksTest {

    private static final long FOLDER = 424_242;

    private final AtomicInteger asked = new AtomicInteger();

    private MailboxAnswer<FolderChanges> look() {
        asked.incrementAndGet();
        return MailboxAnswer.of(new FolderChanges(new FolderStatus("INBOX", 1, 2, asked.get(), 1, 0, 10), List.of(), List.of()));
    }

    @Test
    void sessionsAskingTheSameOfAWatchedFolderShareOneLookUntilTheNextChange() throws Exception {
        try (AutoCloseable watch = MailboxWatch.watch(FOLDER, () -> { })) {
            MailboxAnswer<FolderChanges> first = SharedLooks.changes(FOLDER, 5, this::look);
            assertSame(first, SharedLooks.changes(FOLDER, 5, this::look));
            assertEquals(1, asked.get(), "the second session was answered by the first one's look");

            SharedLooks.changes(FOLDER, 6, this::look);
            assertEquals(2, asked.get(), "another modseq is another question");

            MailboxWatch.changed(FOLDER);
            SharedLooks.changes(FOLDER, 5, this::look);
            assertEquals(3, asked.get(), "after a change, the answer before it is stale");
        }
    }

    @Test
    void anUnwatchedFolderIsAlwaysAskedAndAFailedLookIsNotKept() throws Exception {
        SharedLooks.changes(FOLDER + 1, 5, this::look);
        SharedLooks.changes(FOLDER + 1, 5, this::look);
        assertEquals(2, asked.get());

        try (AutoCloseable watch = MailboxWatch.watch(FOLDER + 2, () -> { })) {
            try {
                SharedLooks.changes(FOLDER + 2, 5, () -> {
                    throw new BackendUnavailableException("down", null);
                });
            } catch (BackendUnavailableException expected) {
                // the next session asks again
            }
            SharedLooks.changes(FOLDER + 2, 5, this::look);
            assertEquals(3, asked.get());
        }
    }
}
