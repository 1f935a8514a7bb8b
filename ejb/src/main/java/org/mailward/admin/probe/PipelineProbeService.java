package org.mailward.admin.probe;

import jakarta.ejb.Local;

import java.util.Optional;

/** Starts probes and reports how far they got. */
@Local
public interface PipelineProbeService {

    /** Records a probe and queues it, in one transaction; returns it as sent. */
    ProbeStatus send(String requestedBy);

    /**
     * Marks the probe as received by this node; called by the queue's consumer. False when the
     * probe's row is not visible (yet): the second phase of the sender's two-phase commit may
     * reach the broker before the database.
     */
    boolean markReceived(String probeId);

    Optional<ProbeStatus> find(String probeId);
}
