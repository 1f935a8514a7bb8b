package org.mailward.mailbox.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.mailward.directory.account.AccountCreated;

/**
 * Gives a new account its INBOX and special-use folders in the transaction that creates it, so
 * that the first delivery and the first look at the mailbox never race to create them.
 */
@ApplicationScoped
public class DefaultFolders {

    @Inject
    private MailboxStore store;

    void create(@Observes AccountCreated created) {
        store.createDefaultFolders(created.account());
    }
}
