package org.mailward.transport.dkim;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The migration's table on a real (in-memory) H2 database: one selector per domain, gone with its domain. */
class DkimKeyTableTest {

    @Test
    void aSelectorIsUniqueInItsDomainAndDeletingTheDomainDeletesItsKeys() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:dkim;DB_CLOSE_DELAY=-1");
             Statement sql = connection.createStatement()) {
            sql.execute("RUNSCRIPT FROM 'classpath:/db/migration/common/V002__directory.sql'");
            sql.execute("RUNSCRIPT FROM 'classpath:/db/migration/common/V015__dkim_keys.sql'");
            for (String name : new String[]{"a.test", "b.test"}) {
                sql.execute("INSERT INTO domain (name, enabled, limit_disk_space_mb, limit_max_users, limit_max_user_aliases,"
                        + " limit_max_domain_aliases, limit_max_message_size_kb, limit_max_recipients, feature_pop, feature_imap,"
                        + " feature_submission, feature_webmail, feature_calendar, feature_catch_all, feature_plus_addressing,"
                        + " feature_forwarding, feature_mailing_lists, throttle_messages_per_hour, throttle_mb_per_hour,"
                        + " throttle_action, password_min_length, password_min_classes, created_at, version) VALUES ('" + name
                        + "', TRUE, 0, 0, 0, 0, 0, 0, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, 0, 0, 'delay', 8, 2,"
                        + " CURRENT_TIMESTAMP, 0)");
            }
            insertKey(sql, "a.test", "s1");
            insertKey(sql, "b.test", "s1");
            assertThrows(SQLException.class, () -> insertKey(sql, "a.test", "s1"));

            sql.execute("DELETE FROM domain WHERE name = 'a.test'");

            try (ResultSet rows = sql.executeQuery("SELECT d.name FROM dkim_key k JOIN domain d ON d.id = k.domain_id")) {
                rows.next();
                assertEquals("b.test", rows.getString(1));
                assertFalse(rows.next());
            }
        }
    }

    private static void insertKey(Statement sql, String domain, String selector) throws SQLException {
        sql.execute("INSERT INTO dkim_key (domain_id, selector, algorithm, private_key, public_key, active, created_at)"
                + " SELECT id, '" + selector + "', 'ed25519-sha256', 'private', 'public', TRUE, CURRENT_TIMESTAMP FROM domain"
                + " WHERE name = '" + domain + "'");
    }
}
