package org.mailward.transport.spool;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Puts spooled mail on its queue in the caller's transaction. Inbound mail travels whole: its JMS
 * message carries the messages as a JSON array ({@link #messages}) and nothing is written to the
 * database, so accepting mail commits the broker alone (ADR 0016); one JMS message may carry
 * several messages committed together. Outbound mail is a row, flushed first so that a failing
 * insert fails before anything is sent (the database commits before the broker, ADR 0015), and
 * each row has a JMS message of its own that carries its id ({@link #ids}) and its attempt
 * generation ({@link #generation}); a retry is the same, scheduled for later (ADR 0038).
 */
@ApplicationScoped
public class Spool {

    static final String INBOUND_QUEUE = "java:/jms/queue/mail.inbound";
    static final String OUTBOUND_QUEUE = "java:/jms/queue/mail.outbound";
    /** The JMSType of a message that carries spooled messages whole rather than row ids. */
    private static final String CARRIES_MESSAGES = "mailward.spool.messages";
    private static final String ID_SEPARATOR = ","; // never in an id (a UUID)
    /** The JMS properties of an outbound message: the row it names, and which attempt generation it carries. */
    static final String ROW_PROPERTY = "spoolRow";
    private static final String GENERATION_PROPERTY = "spoolGeneration";
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());
    private static final JsonReaderFactory JSON_READERS = Json.createReaderFactory(Map.of());

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
        if (messages.getFirst().direction() == SpoolMessage.Direction.INBOUND) {
            sendInbound(messages);
            return;
        }
        messages.forEach(em::persist);
        em.flush();
        messages.forEach(row -> schedule(row, row.nextAttemptAt() == null ? Instant.now() : row.nextAttemptAt()));
    }

    /** Sends the JMS message that attempts an outbound row at {@code at} (Artemis holds it until then), in the caller's transaction. */
    public void schedule(SpoolMessage row, Instant at) {
        long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis());
        jms.createProducer().setDeliveryDelay(delay)
                .setProperty(ROW_PROPERTY, row.id()).setProperty(GENERATION_PROPERTY, row.generation())
                .send(outbound, row.id());
    }

    /** Queues an inbound message again on its own, in the caller's transaction. */
    public void requeueInbound(SpoolMessage message) {
        sendInbound(List.of(message));
    }

    private void sendInbound(List<SpoolMessage> messages) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        messages.forEach(message -> array.add(message.toJson(JSON)));
        jms.createProducer().setJMSType(CARRIES_MESSAGES).send(inbound, array.build().toString());
    }

    /** Whether a queue message carries spooled messages whole ({@link #messages}) rather than row ids ({@link #ids}). */
    public static boolean carriesMessages(Message message) throws JMSException {
        return CARRIES_MESSAGES.equals(message.getJMSType());
    }

    /** The spooled messages a queue message carries whole. */
    public static List<SpoolMessage> messages(Message message) throws JMSException {
        try (JsonReader reader = JSON_READERS.createReader(new StringReader(message.getBody(String.class)))) {
            return reader.readArray().stream().map(JsonValue::asJsonObject).map(SpoolMessage::fromJson).toList();
        }
    }

    /** The attempt generation an outbound queue message carries; 0 for one sent before generations existed. */
    public static int generation(Message message) throws JMSException {
        return message.propertyExists(GENERATION_PROPERTY) ? message.getIntProperty(GENERATION_PROPERTY) : 0;
    }

    /** A JMS selector for the outbound messages of one row; the id is checked to be a UUID, so it cannot change the selector. */
    public static String rowSelector(String id) {
        return ROW_PROPERTY + " = '" + UUID.fromString(id) + "'";
    }

    /** The spool rows a queue message names. */
    public static List<String> ids(Message message) throws JMSException {
        return Arrays.asList(message.getBody(String.class).split(ID_SEPARATOR));
    }
}
