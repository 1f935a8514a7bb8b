package org.mailward.admin.probe.internal;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.admin.probe.PipelineProbeService;

import java.util.logging.Logger;

/**
 * Consumes {@code system.probe}: takes the probe id and makes one service call. A probe whose
 * row is not visible yet is rolled back quietly for redelivery (after the queue's redelivery
 * delay); other failures propagate, so Artemis redelivers and finally dead-letters the message.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = DefaultPipelineProbeService.PROBE_QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")
})
public class ProbeReceiver implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ProbeReceiver.class.getName());

    @Inject
    private PipelineProbeService probes;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        String probeId;
        try {
            probeId = message.getBody(String.class);
        } catch (JMSException e) {
            throw new IllegalStateException("Unreadable probe message", e);
        }
        if (!probes.markReceived(probeId)) {
            LOG.fine(() -> "Probe " + probeId + " not visible yet; rolled back for redelivery");
            context.setRollbackOnly();
        }
    }
}
