package org.mailward.transport.outbound;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.transport.spool.Spool;

/**
 * Consumes {@code mail.outbound}: each JMS message names a row and the attempt generation it may
 * make (ADR 0038). It runs without a transaction: a remote server may take minutes, and no
 * transaction or database connection should wait for it; {@link OutboundLedger} records the
 * outcome in one of its own, and the JMS message is acknowledged after that. A node that dies
 * mid-attempt leaves the message unacknowledged, and it is attempted again.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/mail.outbound"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        // Attempts mostly wait on remote servers: more sessions than processors.
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "32"),
        @ActivationConfigProperty(propertyName = "consumerWindowSize", propertyValue = "0")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OutboundProcessor implements MessageListener {

    @Inject
    private RemoteDelivery delivery;

    @Override
    public void onMessage(Message message) {
        try {
            int generation = Spool.generation(message);
            for (String id : Spool.ids(message)) {
                delivery.attempt(id, generation);
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Unreadable outbound queue message", e);
        }
    }
}
