package org.mailward.mailbox.access;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.directory.PageRequest;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.Account;
import org.mailward.mailbox.store.FolderView;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageView;

import java.io.InputStream;
import java.util.List;

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
        return store.folders(access.requireOwnAccount(caller));
    }

    /** A page of the folder's messages, newest first. */
    public List<MessageView> messages(Caller caller, String folder, PageRequest page) {
        Account account = access.requireOwnAccount(caller);
        store.ensureDefaultFolders(account); // an account that never received mail has its INBOX all the same
        return store.latest(account, folder, page.offset(), page.limit());
    }

    public InputStream content(Caller caller, String folder, long uid) {
        return store.content(access.requireOwnAccount(caller), folder, uid);
    }
}
