package org.mailward.mailbox.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.mailward.connector.spi.mailbox.MailboxWatch;
import org.mailward.directory.account.CredentialsChanged;
import org.mailward.directory.domain.DomainGrantsChanged;

/**
 * Listener sessions answer some commands from what they kept (ADR 0032); the access check is in
 * the backend. When an account or a domain may have lost access, this makes every session on this
 * node ask the backend again at its next command, as it did before anything was kept.
 */
@ApplicationScoped
public class RevokedAccess {

    void accountChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CredentialsChanged change) {
        MailboxWatch.accessChanged();
    }

    void domainChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) DomainGrantsChanged change) {
        MailboxWatch.accessChanged();
    }
}
