package org.mailward.connector;

import jakarta.resource.spi.Activation;

import org.mailward.connector.spi.mailbox.MailboxBackend;

/** Activated by the mailbox backend MDB; opens the imap, imaps, pop3 and pop3s listeners. */
@Activation(messageListeners = MailboxBackend.class)
public class MailboxActivationSpec extends ListenerActivationSpec {

    @Override
    Class<?> messageListener() {
        return MailboxBackend.class;
    }
}
