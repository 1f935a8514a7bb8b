package org.mailward.mailbox.access;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.directory.PageRequest;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.Account;
import org.mailward.mailbox.store.FolderView;
import org.mailward.mailbox.store.MailboxException;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageFlag;
import org.mailward.mailbox.store.MessageSummaries;
import org.mailward.mailbox.structure.MessageStructure;
import org.mailward.mailbox.store.MessageView;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The caller's own mailbox, for the REST API and webmail: the account is always the caller's,
 * found from their login, so nobody reaches another account's folders through it.
 */
@Stateless
public class CallerMailbox {

    @Inject
    private AccessControl access;

    @Inject
    private MailboxStore store;

    public List<FolderView> folders(Caller caller) {
        return store.folders(account(caller));
    }

    public FolderView createFolder(Caller caller, String name) {
        return store.createFolder(account(caller), name);
    }

    public FolderView renameFolder(Caller caller, String name, String newName) {
        return store.renameFolder(account(caller), name, newName);
    }

    public void deleteFolder(Caller caller, String name) {
        store.deleteFolder(account(caller), name);
    }

    /** A page of the folder's messages, newest first. */
    public List<MessageView> messages(Caller caller, String folder, PageRequest page) {
        return store.latest(account(caller), folder, page.offset(), page.limit());
    }

    public InputStream content(Caller caller, String folder, long uid) {
        return store.content(account(caller), folder, uid);
    }

    /** Stores a message the caller wrote (a draft, a sent copy) in one of their folders. */
    public MailboxStore.Stored append(Caller caller, String folder, byte[] message, Set<MessageFlag> flags) {
        if (message.length == 0) {
            throw new MailboxException(MailboxException.Kind.INVALID, "The message is empty");
        }
        try {
            return store.append(account(caller), folder, new ByteArrayInputStream(message), message.length,
                    MessageSummaries.parse(new ByteArrayInputStream(message)),
                    MessageStructure.parse(new ByteArrayInputStream(message)).toJson(), flags, Set.of(), Instant.now());
        } catch (IOException e) {
            throw new MailboxException(MailboxException.Kind.INVALID, "Not a message: " + e.getMessage());
        }
    }

    public MailboxStore.FlagResult changeFlags(Caller caller, String folder, Collection<Long> uids, MailboxStore.FlagMode mode,
                                               Set<MessageFlag> flags, Set<String> keywords, long unchangedSince) {
        return store.store(account(caller), folder, uids, mode, flags, keywords, unchangedSince);
    }

    public List<long[]> copy(Caller caller, String folder, Collection<Long> uids, String target) {
        return store.copy(account(caller), folder, uids, target);
    }

    public List<long[]> move(Caller caller, String folder, Collection<Long> uids, String target) {
        return store.move(account(caller), folder, uids, target);
    }

    /** Deletes messages for good, flagged \Deleted or not. */
    public List<Long> remove(Caller caller, String folder, Collection<Long> uids) {
        return store.remove(account(caller), folder, uids);
    }

    private Account account(Caller caller) {
        return access.requireOwnAccount(caller);
    }
}
