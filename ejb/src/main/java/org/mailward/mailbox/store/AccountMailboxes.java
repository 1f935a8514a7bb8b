package org.mailward.mailbox.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.mailward.directory.account.AccountCreated;
import org.mailward.directory.account.AccountDeleted;

/**
 * An account's mailbox comes and goes with the account, in the same transaction: a new one gets
 * its INBOX and special-use folders, so that the first delivery and the first look at the mailbox
 * never race to create them; a deleted one loses its folders and messages, their removal announced
 * (the search index forgets them).
 */
@ApplicationScoped
public class AccountMailboxes {

    @Inject
    private MailboxStore store;

    void created(@Observes AccountCreated created) {
        store.createDefaultFolders(created.account());
    }

    void deleted(@Observes AccountDeleted deleted) {
        store.deleteAllFolders(deleted.account());
    }
}
