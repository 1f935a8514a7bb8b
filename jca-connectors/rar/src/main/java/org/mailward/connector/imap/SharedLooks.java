package org.mailward.connector.imap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxWatch;

/**
 * One backend look, while it is on its way, serves every session that asks what changed in the
 * same folder since the same modseq, with no further change heard ({@link MailboxWatch#generation}):
 * new mail wakes all the sessions idling on a mailbox at once, and they would otherwise ask the
 * same question each. A finished look is not kept: a session asking later asks the backend, so a
 * change that announced itself nowhere is still found. A folder belongs to one account, so
 * sessions that share a look share an owner.
 */
final class SharedLooks {

    /** A look shared: its folder, since which modseq, and under which change number. */
    private record Key(long folderId, long since, long generation) {
    }

    private static final ConcurrentHashMap<Key, CompletableFuture<MailboxAnswer<FolderChanges>>> LOOKS = new ConcurrentHashMap<>();

    interface Look {
        MailboxAnswer<FolderChanges> ask() throws BackendUnavailableException;
    }

    private SharedLooks() {
    }

    /** The changes since {@code since}: from a look another session is making or made, or from {@code look}. */
    static MailboxAnswer<FolderChanges> changes(long folderId, long since, Look look) throws BackendUnavailableException {
        long generation = MailboxWatch.generation(folderId);
        if (generation == 0) {
            return look.ask(); // not watched: nobody else can ask the same
        }
        Key key = new Key(folderId, since, generation);
        CompletableFuture<MailboxAnswer<FolderChanges>> mine = new CompletableFuture<>();
        CompletableFuture<MailboxAnswer<FolderChanges>> shared = LOOKS.putIfAbsent(key, mine);
        if (shared != null) {
            return await(shared);
        }
        try {
            MailboxAnswer<FolderChanges> answer = look.ask();
            mine.complete(answer);
            return answer;
        } catch (Throwable e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            LOOKS.remove(key, mine);
        }
    }

    private static MailboxAnswer<FolderChanges> await(CompletableFuture<MailboxAnswer<FolderChanges>> shared)
            throws BackendUnavailableException {
        try {
            return shared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("Interrupted while the mailbox was read", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackendUnavailableException unavailable) {
                throw unavailable;
            }
            throw new IllegalStateException("Reading the mailbox failed", e.getCause());
        }
    }
}
