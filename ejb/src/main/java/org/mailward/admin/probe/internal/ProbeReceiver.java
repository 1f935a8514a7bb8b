package org.mailward.admin.probe.internal;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.admin.probe.PipelineProbeService;

/**
 * Consumes {@code system.probe}: takes the probe id and makes one service call. Failures
 * propagate so that the transaction rolls back and Artemis redelivers, then dead-letters.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DefaultPipelineProbeService.PROBE_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class ProbeReceiver implements MessageListener {

    @Inject
    private PipelineProbeService probes;

    @Override
    public void onMessage(Message message) {
        try {
            probes.markReceived(message.getBody(String.class));
        } catch (JMSException e) {
            throw new IllegalStateException("Unreadable probe message", e);
        }
    }
}
