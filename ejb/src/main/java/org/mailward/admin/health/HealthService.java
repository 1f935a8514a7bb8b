package org.mailward.admin.health;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Topic;
import org.mailward.admin.schema.SchemaMigrator;
import org.mailward.connector.spi.ListenerDirectory;
import org.mailward.connector.spi.ListenerStatus;
import org.mailward.directory.keycloak.KeycloakAdmin;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Looks at each component for real: a database round trip, a browse of every queue on the
 * broker, the event topic's binding, the adapter's own account of its sockets, and Keycloak's
 * answer for the realm. Nothing here
 * is cached, so a health probe sees a failure at once. The report is public, so it names
 * components and states only; the reasons for a failure go to the log.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthService {

    /** The queues the mail pipeline needs, with its dead-letter and expiry queues. */
    static final List<String> QUEUES = List.of("mail.inbound", "mail.outbound", "mail.index", "system.probe",
            "mail.dlq", "mail.expiry");
    static final String EVENTS_TOPIC = "java:/jms/topic/mail.events";
    static final String LISTENER_DIRECTORY = "java:/mailward/ListenerDirectory";
    private static final Logger LOG = Logger.getLogger(HealthService.class.getName());

    @Resource(lookup = "java:jboss/datasources/MailwardDS")
    private DataSource dataSource;

    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Inject
    private SchemaMigrator schema;

    @Inject
    private KeycloakAdmin keycloak;

    public HealthReport report() {
        return new HealthReport(List.of(database(), messaging(), listeners(), identity()));
    }

    private Check database() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                LOG.warning("Health: the database connection is not valid");
                return Check.down("database", "not answering", List.of());
            }
            return Check.up("database", connection.getMetaData().getDatabaseProductName()
                    + ", schema version " + schema.schemaVersion(), List.of());
        } catch (SQLException e) {
            LOG.warning(() -> "Health: database unreachable: " + e.getMessage());
            return Check.down("database", "unreachable", List.of());
        }
    }

    /** Without Keycloak, no new login succeeds: web, API and mail protocols alike (cached logins aside). */
    private Check identity() {
        if (keycloak.realmAnswers()) {
            return Check.up("identity", "Keycloak", List.of());
        }
        LOG.warning("Health: Keycloak does not serve the realm");
        return Check.down("identity", "Keycloak not answering", List.of());
    }

    private Check messaging() {
        List<Map<String, Object>> parts = new ArrayList<>();
        boolean allUp = true;
        try (JMSContext context = connectionFactory.createContext()) {
            for (String name : QUEUES) {
                boolean up = browse(context, name);
                allUp &= up;
                parts.add(part("name", name, "status", up ? "UP" : "DOWN"));
            }
        } catch (JMSRuntimeException e) {
            LOG.warning(() -> "Health: broker unreachable: " + e.getMessage());
            return Check.down("messaging", "broker unreachable", parts);
        }
        boolean topicUp = bound(EVENTS_TOPIC);
        parts.add(part("name", "mail.events", "status", topicUp ? "UP" : "DOWN"));
        return allUp && topicUp ? Check.up("messaging", QUEUES.size() + " queues, 1 topic", parts)
                : Check.down("messaging", "a destination is missing", parts);
    }

    private static boolean browse(JMSContext context, String queueName) {
        try {
            Queue queue = (Queue) InitialContext.doLookup("java:/jms/queue/" + queueName);
            try (QueueBrowser browser = context.createBrowser(queue)) {
                browser.getEnumeration();
                return true;
            }
        } catch (NamingException | jakarta.jms.JMSException | JMSRuntimeException e) {
            LOG.warning(() -> "Health: queue " + queueName + " unavailable: " + e.getMessage());
            return false;
        }
    }

    private static boolean bound(String jndiName) {
        try {
            return InitialContext.doLookup(jndiName) instanceof Topic;
        } catch (NamingException e) {
            LOG.warning(() -> "Health: " + jndiName + " is not bound");
            return false;
        }
    }

    private Check listeners() {
        ListenerDirectory directory;
        try {
            directory = InitialContext.doLookup(LISTENER_DIRECTORY);
        } catch (NamingException e) {
            return Check.down("listeners", LISTENER_DIRECTORY + " is not bound", List.of());
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        boolean allUp = true;
        for (ListenerStatus listener : directory.listeners()) {
            boolean enabled = listener.port() > 0;
            allUp &= !enabled || listener.listening();
            parts.add(part("name", listener.name(), "port", listener.port(), "implicitTls", listener.implicitTls(),
                    "status", !enabled ? "DISABLED" : listener.listening() ? "UP" : "DOWN"));
        }
        return allUp ? Check.up("listeners", parts.size() + " listeners", parts)
                : Check.down("listeners", "a listener is not accepting connections", parts);
    }

    private static Map<String, Object> part(Object... keysAndValues) {
        Map<String, Object> part = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            part.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return part;
    }
}
