package org.mailward.admin.schema;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java migration against a real (in-memory) H2 database. */
class FolderNamesInNfcTest {

    private static final String DECOMPOSED = "Re\u0301sume\u0301";
    private static final String COMPOSED = "R\u00e9sum\u00e9";

    @Test
    void foldersStoredInAnotherFormGetTheirNfcNameAndAClashGetsANumber() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:nfc;DB_CLOSE_DELAY=-1")) {
            try (Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE mail_folder (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, name VARCHAR(1000) NOT NULL,"
                        + " UNIQUE (account_id, name))");
                sql.execute("INSERT INTO mail_folder VALUES (1, 7, 'INBOX'), (2, 7, '" + DECOMPOSED + "'), (3, 7, '" + DECOMPOSED + "/2026'),"
                        + " (4, 8, '" + COMPOSED + "'), (5, 8, '" + DECOMPOSED + "')");
            }

            new V013__Folder_names_in_nfc().migrate(context(connection));

            assertEquals(List.of("INBOX", COMPOSED, COMPOSED + "/2026", COMPOSED, COMPOSED + " (2)"), names(connection));
        }
    }

    @Test
    void aFreeNameIsTheNameOrTheFirstFreeNumber() {
        assertEquals("Work", V013__Folder_names_in_nfc.freeName("Work", Set.of("INBOX")));
        assertEquals("Work (3)", V013__Folder_names_in_nfc.freeName("Work", Set.of("Work", "Work (2)")));
    }

    private static List<String> names(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery("SELECT name FROM mail_folder ORDER BY id")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static Context context(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                throw new UnsupportedOperationException("not needed by the migration");
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
