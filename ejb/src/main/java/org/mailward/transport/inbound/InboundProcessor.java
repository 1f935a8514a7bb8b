package org.mailward.transport.inbound;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

import java.util.logging.Logger;

/**
 * Consumes {@code mail.inbound}: one spool id per message, delivered by {@link InboundDelivery}
 * in the listener's transaction. A row not visible yet is rolled back quietly for redelivery
 * (ADR 0008); any other failure propagates, so Artemis retries with back-off and finally moves
 * the message to {@code mail.dlq}, where the spool row still waits for the administrator.
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

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        String spoolId;
        try {
            spoolId = message.getBody(String.class);
        } catch (JMSException e) {
            throw new IllegalStateException("Unreadable inbound message", e);
        }
        if (!delivery.deliver(spoolId)) {
            LOG.fine(() -> "Inbound " + spoolId + " not visible yet; rolled back for redelivery");
            context.setRollbackOnly();
        }
    }
}
