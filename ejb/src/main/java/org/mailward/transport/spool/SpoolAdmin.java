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

import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

/**
 * The spool as the system administrator sees it: every message not yet delivered, oldest first,
 * marked DEAD when its JMS message has been moved to the dead-letter queue after the last retry
 * (the row stays, so nothing accepted is ever lost silently).
 */
@Stateless
public class SpoolAdmin {

    static final String DEAD_LETTER_QUEUE = "java:/jms/queue/mail.dlq";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AccessControl access;

    @Inject
    private JMSContext jms;

    @Resource(lookup = DEAD_LETTER_QUEUE)
    private Queue deadLetters;

    public Page<SpoolView> list(Caller caller, PageRequest page) {
        access.requireSystemAdmin(caller, "see the spool");
        Set<String> dead = deadIds();
        long total = em.createQuery("select count(m) from SpoolMessage m", Long.class).getSingleResult();
        return new Page<>(em.createQuery("select m from SpoolMessage m order by m.receivedAt, m.id", SpoolMessage.class)
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream()
                .map(message -> message.view(dead.contains(message.id()))).toList(), total, page.offset(), page.limit());
    }

    private Set<String> deadIds() {
        Set<String> ids = new HashSet<>();
        try (QueueBrowser browser = jms.createBrowser(deadLetters)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                if (messages.nextElement() instanceof Message message && message.isBodyAssignableTo(String.class)) {
                    ids.addAll(Spool.ids(message.getBody(String.class)));
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("Cannot browse " + DEAD_LETTER_QUEUE, e);
        }
        return ids;
    }
}
