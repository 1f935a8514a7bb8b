package org.mailward.transport.spool;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * Puts spool rows on their queue ({@code mail.inbound} or {@code mail.outbound}) in the caller's
 * transaction: the row is flushed first, so that the database is enlisted before the broker
 * (ADR 0008), and the JMS message carries only the row's id.
 */
@ApplicationScoped
public class Spool {

    static final String INBOUND_QUEUE = "java:/jms/queue/mail.inbound";
    static final String OUTBOUND_QUEUE = "java:/jms/queue/mail.outbound";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private JMSContext jms;

    @Resource(lookup = INBOUND_QUEUE)
    private Queue inbound;

    @Resource(lookup = OUTBOUND_QUEUE)
    private Queue outbound;

    public void enqueue(SpoolMessage message) {
        em.persist(message);
        em.flush();
        jms.createProducer().send(message.direction() == SpoolMessage.Direction.INBOUND ? inbound : outbound, message.id());
    }

    public Optional<SpoolMessage> find(String id) {
        return Optional.ofNullable(em.find(SpoolMessage.class, id));
    }

    public void done(SpoolMessage message) {
        em.remove(message);
    }
}
