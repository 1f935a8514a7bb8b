package org.mailward.transport.spool;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Puts spool rows on their queue ({@code mail.inbound} or {@code mail.outbound}) in the caller's
 * transaction: the rows are flushed first, so that a failing insert fails before anything is
 * sent (the database commits before the broker, ADR 0015), and the JMS message carries only the
 * rows' ids, several when a batch of messages was committed together ({@link #ids}).
 */
@ApplicationScoped
public class Spool {

    static final String INBOUND_QUEUE = "java:/jms/queue/mail.inbound";
    static final String OUTBOUND_QUEUE = "java:/jms/queue/mail.outbound";
    private static final String ID_SEPARATOR = ","; // never in an id (a UUID)

    @PersistenceContext
    private EntityManager em;

    @Inject
    private JMSContext jms;

    @Resource(lookup = INBOUND_QUEUE)
    private Queue inbound;

    @Resource(lookup = OUTBOUND_QUEUE)
    private Queue outbound;

    /** Several messages of one direction, in one transaction of their own (or the caller's) and one JMS message. */
    @Transactional
    public void enqueue(List<SpoolMessage> messages) {
        messages.forEach(em::persist);
        em.flush();
        jms.createProducer().send(queue(messages.getFirst().direction()),
                String.join(ID_SEPARATOR, messages.stream().map(SpoolMessage::id).toList()));
    }

    /** Queues an inbound spool message again on its own, in the caller's transaction. */
    public void requeueInbound(String id) {
        jms.createProducer().send(inbound, id);
    }

    /** The spool ids a queue message carries. */
    public static List<String> ids(String body) {
        return Arrays.asList(body.split(ID_SEPARATOR));
    }

    private Queue queue(SpoolMessage.Direction direction) {
        return direction == SpoolMessage.Direction.INBOUND ? inbound : outbound;
    }

    public Optional<SpoolMessage> find(String id) {
        return Optional.ofNullable(em.find(SpoolMessage.class, id));
    }

    public void done(SpoolMessage message) {
        em.remove(message);
    }
}
