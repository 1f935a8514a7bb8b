package org.mailward.mailbox.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.mailward.directory.account.AccountDeleted;

/** Deletes an account's folders and messages in the transaction that deletes the account, announcing their removal. */
@ApplicationScoped
public class DeletedAccounts {

    @Inject
    private MailboxStore store;

    void delete(@Observes AccountDeleted deleted) {
        store.deleteAllFolders(deleted.account());
    }
}
