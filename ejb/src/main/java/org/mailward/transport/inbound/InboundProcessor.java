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

import java.util.List;
import java.util.logging.Logger;

/**
 * Consumes {@code mail.inbound}: each JMS message names one spool message or a batch accepted
 * together, all delivered by {@link InboundDelivery} in the listener's transaction. A row not
 * visible yet is rolled back quietly for redelivery (ADR 0008). Any other failure propagates, so
 * Artemis retries with back-off and finally moves the message to {@code mail.dlq}, where the
 * spool rows still wait for the administrator. A batch that comes back is split into one JMS
 * message per spool message, so one that cannot be delivered holds up no other.
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
        List<String> spoolIds;
        boolean redelivered;
        try {
            spoolIds = Spool.ids(message.getBody(String.class));
            redelivered = message.getJMSRedelivered();
        } catch (JMSException e) {
            throw new IllegalStateException("Unreadable inbound message", e);
        }
        if (redelivered && spoolIds.size() > 1) {
            LOG.info(() -> "Inbound batch of " + spoolIds.size() + " came back; requeued one by one");
            spoolIds.forEach(spool::requeueInbound);
            return;
        }
        if (!delivery.deliver(spoolIds)) {
            LOG.fine(() -> "Inbound " + spoolIds + " not all visible yet; rolled back for redelivery");
            context.setRollbackOnly();
        }
    }
}
