package org.mailward.mailbox.store;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import org.mailward.connector.spi.mailbox.MailboxWatch;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * Publishes each {@link MailboxChange} on {@code mail.events} as a small JSON text message once
 * the change has committed: a change is never heard before it is visible, and the mailbox's own
 * transactions stay on the database alone. New messages also send their folder's id to
 * {@code mail.index}, for the full-text index. One background thread with one JMS session does the
 * sending, so a delivery never waits for it; this node's own watchers (IMAP sessions) are woken
 * directly, at once. A notification lost to a crash is harmless:
 * listeners resynchronise from the store, and the index's sweep finds what it was not told of.
 */
@ApplicationScoped
public class MailboxEvents {

    static final String TOPIC = "java:/jms/topic/mail.events";
    static final String INDEX_QUEUE = "java:/jms/queue/mail.index";
    /** The event's property naming the node that made the change, whose watchers heard of it already. */
    public static final String ORIGIN = "origin";
    /** This node, as long as this deployment lives. */
    public static final String NODE = UUID.randomUUID().toString();
    private static final Logger LOG = Logger.getLogger(MailboxEvents.class.getName());
    // Once: each Json.create... call looks the provider up through the module class loader.
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connections;

    @Resource(lookup = TOPIC)
    private Topic topic;

    @Resource(lookup = INDEX_QUEUE)
    private Queue indexQueue;

    @Resource
    private ManagedThreadFactory threads;

    private ExecutorService publisher;
    private JMSContext jms; // used by the publisher thread only

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailboxChange change) {
        // This node's sessions hear of it before the change's own command is answered: a client
        // with two connections sees the change at its other connection's next command.
        MailboxWatch.changed(change.folderId());
        try {
            publisher().execute(() -> send(change));
        } catch (RejectedExecutionException e) {
            // Shutting down: nobody is listening any more.
        }
    }

    private synchronized ExecutorService publisher() {
        if (publisher == null) {
            publisher = Executors.newSingleThreadExecutor(threads);
        }
        return publisher;
    }

    private void send(MailboxChange change) {
        JsonArrayBuilder uids = JSON.createArrayBuilder();
        change.uids().forEach(uids::add);
        String body = JSON.createObjectBuilder()
                .add("account", change.accountId())
                .add("folder", change.folderId())
                .add("kind", change.kind().name())
                .add("uids", uids)
                .add("modseq", change.modseq())
                .build().toString();
        try {
            if (jms == null) {
                jms = connections.createContext();
            }
            JMSProducer producer = jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            producer.setProperty("account", change.accountId()).setProperty("folder", change.folderId())
                    .setProperty(ORIGIN, NODE).send(topic, body);
            if (change.kind() == MailboxChange.Kind.ADDED) {
                producer.send(indexQueue, change.folderId());
            }
        } catch (JMSRuntimeException e) {
            LOG.warning(() -> "Mailward could not announce a change of folder " + change.folderId() + ": " + e);
            closeContext(); // a fresh session next time
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (publisher != null) {
            publisher.execute(this::closeContext);
            publisher.shutdown();
        }
    }

    private void closeContext() {
        if (jms != null) {
            try {
                jms.close();
            } catch (JMSRuntimeException e) {
                // Closing anyway.
            }
            jms = null;
        }
    }
}
