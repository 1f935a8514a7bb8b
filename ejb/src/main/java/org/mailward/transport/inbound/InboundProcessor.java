package org.mailward.transport.inbound;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;

import java.util.List;
import java.util.logging.Logger;

/**
 * Consumes {@code mail.inbound}: each JMS message carries one accepted message or a batch accepted
 * together (ADR 0016), all delivered by {@link InboundDelivery} in the listener's transaction. A
 * failure (an unreadable JMS message too) rolls the transaction back, logged in one line, so
 * Artemis retries with back-off and after the last attempt moves the JMS message, with the mail
 * it carries, to {@code mail.dlq}, where the administrator sees it. A batch that comes back is split into one JMS message per
 * accepted message, so one that cannot be delivered holds up no other.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/mail.inbound"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "16")
})
public class InboundProcessor implements MessageListener {

    private static final Logger LOG = Logger.getLogger(InboundProcessor.class.getName());

    @Inject
    private InboundDelivery delivery;

    @Inject
    private Spool spool;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        List<String> ids = List.of();
        try {
            List<SpoolMessage> accepted = Spool.messages(message);
            ids = accepted.stream().map(SpoolMessage::id).toList();
            if (message.getJMSRedelivered() && accepted.size() > 1) {
                LOG.info(() -> "Inbound batch of " + accepted.size() + " came back; requeued one by one");
                accepted.forEach(spool::requeueInbound);
                return;
            }
            delivery.deliver(accepted);
        } catch (JMSException | RuntimeException e) {
            // One line for the operator at each attempt; a bug's stack trace was logged where it was thrown.
            String what = ids.isEmpty() ? "an unreadable inbound message" : ids.toString();
            LOG.warning(() -> "Mailward could not deliver " + what + " (attempt " + attempt(message)
                    + "); it goes back to the queue: " + e);
            context.setRollbackOnly();
        }
    }

    private static String attempt(Message message) {
        try {
            return String.valueOf(message.getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException e) {
            return "unknown";
        }
    }
}
