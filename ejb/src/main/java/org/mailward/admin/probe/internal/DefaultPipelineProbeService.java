package org.mailward.admin.probe.internal;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.admin.probe.PipelineProbeService;
import org.mailward.admin.probe.ProbeStatus;
import org.mailward.admin.settings.ServerSettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

@Stateless
public class DefaultPipelineProbeService implements PipelineProbeService {

    static final String PROBE_QUEUE = "java:/jms/queue/system.probe";

    @PersistenceContext
    private EntityManager em;

    // The injected JMSContext joins the JTA transaction (java:/JmsXA underneath): the row and
    // the message commit together or not at all.
    @Inject
    private JMSContext jms;

    @Resource(lookup = PROBE_QUEUE)
    private Queue probeQueue;

    @Inject
    private ServerSettings settings;

    @Override
    public ProbeStatus send(String requestedBy) {
        PipelineProbe probe = new PipelineProbe(UUID.randomUUID().toString(), requestedBy, now());
        em.persist(probe);
        // Flushing enlists the database in the transaction before the broker, and the transaction
        // manager commits in that order: the row is usually visible before the message is.
        em.flush();
        jms.createProducer().send(probeQueue, probe.status().id());
        return probe.status();
    }

    @Override
    public boolean markReceived(String probeId) {
        PipelineProbe probe = em.find(PipelineProbe.class, probeId);
        if (probe == null) {
            return false;
        }
        probe.received(now(), settings.hostname());
        return true;
    }

    @Override
    public Optional<ProbeStatus> find(String probeId) {
        return Optional.ofNullable(em.find(PipelineProbe.class, probeId)).map(PipelineProbe::status);
    }

    // Both databases keep microseconds at most; truncating keeps what we return equal to what we read back.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
