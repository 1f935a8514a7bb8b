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
import org.mailward.admin.schema.SchemaMigrator;
import org.mailward.connector.spi.ListenerDirectory;
import org.mailward.connector.spi.ListenerStatus;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at each component for real: a database round trip, a browse of every queue on the
 * broker, and the adapter's own account of its sockets. Nothing here is cached, so a health
 * probe sees a failure at once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class HealthService {

    /** The queues the mail pipeline needs; the topic is checked by the listeners that use it. */
    static final List<String> QUEUES = List.of("mail.inbound", "mail.outbound", "mail.index", "system.probe", "mail.dlq");
    static final String LISTENER_DIRECTORY = "java:/mailward/ListenerDirectory";

    @Resource(lookup = "java:jboss/datasources/MailwardDS")
    private DataSource dataSource;

    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Inject
    private SchemaMigrator schema;

    public HealthReport report() {
        return new HealthReport(List.of(database(), messaging(), listeners()));
    }

    private Check database() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(5)) {
                return Check.down("database", "connection not valid", List.of());
            }
            var meta = connection.getMetaData();
            return Check.up("database", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()
                    + ", schema version " + schema.schemaVersion(), List.of());
        } catch (SQLException e) {
            return Check.down("database", e.getMessage(), List.of());
        }
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
            return Check.down("messaging", "broker unreachable: " + e.getMessage(), parts);
        }
        return allUp ? Check.up("messaging", QUEUES.size() + " queues", parts)
                : Check.down("messaging", "a queue is missing", parts);
    }

    private static boolean browse(JMSContext context, String queueName) {
        try {
            Queue queue = (Queue) InitialContext.doLookup("java:/jms/queue/" + queueName);
            try (QueueBrowser browser = context.createBrowser(queue)) {
                browser.getEnumeration();
                return true;
            }
        } catch (NamingException | jakarta.jms.JMSException | JMSRuntimeException e) {
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
            parts.add(part("name", listener.name(), "host", listener.host(), "port", listener.port(),
                    "implicitTls", listener.implicitTls(),
                    "status", !enabled ? "DISABLED" : listener.listening() ? "UP" : "DOWN",
                    "activeConnections", listener.activeConnections()));
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
