package org.mailward.transport.inbound;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.transport.spool.InboundInFlight;
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
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "16"),
        // No prefetch: mail waits in the queue, where the spool view sees it, until a session takes it (ADR 0017).
        @ActivationConfigProperty(propertyName = "consumerWindowSize", propertyValue = "0")
})
public class InboundProcessor implements MessageListener {

    private static final Logger LOG = Logger.getLogger(InboundProcessor.class.getName());

    @Inject
    private InboundDelivery delivery;

    @Inject
    private Spool spool;

    @Inject
    private InboundInFlight inFlight;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        List<SpoolMessage> accepted = List.of();
        try {
            accepted = Spool.messages(message);
            if (message.getJMSRedelivered() && accepted.size() > 1) {
                LOG.info("Inbound batch of " + accepted.size() + " came back; requeued one by one");
                accepted.forEach(spool::requeueInbound);
                return;
            }
            inFlight.delivering(accepted, attempt(message));
            delivery.deliver(accepted);
        } catch (JMSException | RuntimeException e) {
            // One line for the operator at each attempt; a bug's stack trace was logged where it was thrown.
            String what = accepted.isEmpty() ? "an unreadable inbound message"
                    : accepted.stream().map(SpoolMessage::id).toList().toString();
            LOG.warning("Mailward could not deliver " + what + " (attempt " + attempt(message)
                    + "); it goes back to the queue: " + e);
            inFlight.failed(accepted, e);
            context.setRollbackOnly();
        }
    }

    /** The JMS provider's delivery count, 1 on the first attempt; 0 if it does not say. */
    private static int attempt(Message message) {
        try {
            return message.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | NumberFormatException e) {
            return 0;
        }
    }
}
