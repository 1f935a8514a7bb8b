package org.mailward.admin.probe.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.mailward.admin.probe.ProbeStatus;

import java.time.Instant;

@Entity
@Table(name = "pipeline_probe")
class PipelineProbe {

    @Id
    private String id;

    @Column(name = "requested_by", nullable = false)
    private String requestedBy;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    @Column(name = "received_at")
    private Instant receivedAt;

    @Column(name = "received_on")
    private String receivedOn;

    protected PipelineProbe() {
    }

    PipelineProbe(String id, String requestedBy, Instant sentAt) {
        this.id = id;
        this.requestedBy = requestedBy;
        this.sentAt = sentAt;
    }

    void received(Instant at, String node) {
        this.receivedAt = at;
        this.receivedOn = node;
    }

    ProbeStatus status() {
        return new ProbeStatus(id, requestedBy, sentAt, receivedAt, receivedOn);
    }
}
