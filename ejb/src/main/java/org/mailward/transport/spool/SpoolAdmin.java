package org.mailward.transport.spool;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The spool as the system administrator sees it, oldest first: outbound mail from its rows, and
 * inbound mail from the JMS messages that carry it (ADR 0016): browsing {@code mail.inbound} for
 * what waits there, {@link InboundInFlight} for what is being delivered or waits for a retry
 * (ADR 0017), and {@code mail.dlq} for what the queue gave up on after the last attempt (DEAD),
 * where it waits: nothing accepted is ever dropped silently. They are read in the order mail moves
 * through them, so a message moving on during a listing is seen twice (the later state is shown)
 * rather than missed. The whole spool is read for each page.
 */
@Stateless
public class SpoolAdmin {

    static final String DEAD_LETTER_QUEUE = "java:/jms/queue/mail.dlq";
    private static final Logger LOG = Logger.getLogger(SpoolAdmin.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AccessControl access;

    @Inject
    private JMSContext jms;

    @Inject
    private InboundInFlight inFlight;

    @Resource(lookup = Spool.INBOUND_QUEUE)
    private Queue inbound;

    @Resource(lookup = DEAD_LETTER_QUEUE)
    private Queue deadLetters;

    public Page<SpoolView> list(Caller caller, PageRequest page) {
        access.requireSystemAdmin(caller, "see the spool");
        Map<String, SpoolView> inboundMail = new HashMap<>();
        browse(inbound, message -> {
            if (Spool.carriesMessages(message)) {
                Spool.messages(message).forEach(queued -> inboundMail.put(queued.id(), queued.view("QUEUED", 0, null)));
            }
        });
        for (InboundInFlight.Attempt attempt : inFlight.snapshot()) {
            SpoolMessage message = attempt.message();
            // Back in the queue after its redelivery delay, it waits there again, as QUEUED.
            String state = attempt.delivering() ? "DELIVERING" : inboundMail.containsKey(message.id()) ? "QUEUED" : "RETRYING";
            inboundMail.put(message.id(), message.view(state, attempt.number(), attempt.lastError()));
        }
        Set<String> deadRows = new HashSet<>();
        browse(deadLetters, message -> {
            if (!Spool.carriesMessages(message)) {
                deadRows.addAll(Spool.ids(message));
                return;
            }
            for (SpoolMessage dead : Spool.messages(message)) {
                SpoolView known = inboundMail.get(dead.id());
                inboundMail.put(dead.id(), known == null ? dead.view("DEAD", null, null)
                        : dead.view("DEAD", known.attempts(), known.lastError()));
            }
        });
        List<SpoolView> spooled = new ArrayList<>(inboundMail.values());
        Instant now = Instant.now();
        em.createQuery("select m from SpoolMessage m", SpoolMessage.class).getResultList()
                .forEach(row -> spooled.add(row.view(deadRows.contains(row.id()), now)));
        spooled.sort(Comparator.comparing(SpoolView::receivedAt).thenComparing(SpoolView::id));
        int from = Math.min(page.offset(), spooled.size());
        int to = Math.min(from + page.limit(), spooled.size());
        return new Page<>(List.copyOf(spooled.subList(from, to)), spooled.size(), page.offset(), page.limit());
    }

    private interface QueuedMessageReader {
        void read(Message message) throws JMSException;
    }

    private void browse(Queue queue, QueuedMessageReader reader) {
        try (QueueBrowser browser = jms.createBrowser(queue)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                if (messages.nextElement() instanceof Message message && message.isBodyAssignableTo(String.class)) {
                    try {
                        reader.read(message);
                    } catch (RuntimeException e) { // one unreadable message must not hide the rest of the spool
                        LOG.warning(() -> "Mailward cannot read a message in " + queue + " for the spool view: " + e);
                    }
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse " + queue, e);
        }
    }
}
