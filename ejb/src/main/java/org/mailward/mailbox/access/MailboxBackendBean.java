package org.mailward.mailbox.access;

import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.mailbox.MailboxBackend;

/**
 * The IMAP and POP3 listeners' message endpoint, bound to the resource adapter by
 * {@code META-INF/jboss-ejb3.xml}. Its activation makes the adapter open the IMAP, IMAPS,
 * POP3 and POP3S sockets.
 */
@MessageDriven(messageListenerInterface = MailboxBackend.class)
public class MailboxBackendBean implements MailboxBackend {

    @Inject
    private ServerSettings settings;

    @Override
    public Greeting greet(ConnectionInfo connection) {
        return Greeting.welcome(settings.hostname() + " Mailward ready");
    }
}
