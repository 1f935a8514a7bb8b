package org.mailward.admin.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Applies the schema migrations when the application deploys, before anything uses the
 * database. Flyway commits each migration itself, so this bean runs outside a JTA transaction.
 * A failed migration fails the deployment: serving mail on a half-migrated schema is worse.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrator {

    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = "java:jboss/datasources/MailwardDS")
    private DataSource dataSource;

    private volatile String schemaVersion = "none";

    @PostConstruct
    void migrate() {
        ClassLoader loader = SchemaMigrator.class.getClassLoader();
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .resourceProvider(new MigrationIndex(loader, vendor()))
                .javaMigrationClassProvider(() -> List.of(V013__Folder_names_in_nfc.class))
                .load();
        MigrateResult result = flyway.migrate();
        schemaVersion = Optional.ofNullable(flyway.info().current())
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .orElse("none");
        LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                + " migration(s) applied now, database " + result.database + ")");
    }

    /** The folder of this database's own migrations: {@code h2} or {@code postgresql}. */
    private String vendor() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the Mailward database to migrate it", e);
        }
    }

    /** The version of the newest applied migration, for the health report. */
    public String schemaVersion() {
        return schemaVersion;
    }
}
