package org.mailward.mailbox.access;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.connector.spi.mailbox.MailboxWatch;
import org.mailward.mailbox.store.MailboxEvents;

import java.util.logging.Logger;

/**
 * Hears the mailbox changes on {@code mail.events} and wakes the listener sessions waiting on
 * the folder (IMAP IDLE) through {@link MailboxWatch} (ADR 0020).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/topic/mail.events"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
public class MailboxEventRelay implements MessageListener {

    private static final Logger LOG = Logger.getLogger(MailboxEventRelay.class.getName());

    @Override
    public void onMessage(Message message) {
        try {
            // A change made on this node woke its watchers as it committed (MailboxEvents).
            if (message.propertyExists("folder") && !MailboxEvents.NODE.equals(message.getStringProperty(MailboxEvents.ORIGIN))) {
                MailboxWatch.changed(message.getLongProperty("folder"));
            }
        } catch (JMSException | NumberFormatException e) {
            LOG.warning(() -> "Mailward ignored an unreadable mailbox event: " + e);
        }
    }
}
