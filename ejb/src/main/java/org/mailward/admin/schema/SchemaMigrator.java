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

    static final String[] LOCATIONS = {"classpath:db/migration/common", "classpath:db/migration/{vendor}"};
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    @Resource(lookup = "java:jboss/datasources/MailwardDS")
    private DataSource dataSource;

    private volatile String schemaVersion = "none";

    @PostConstruct
    void migrate() {
        Flyway flyway = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATIONS)
                .load();
        MigrateResult result = flyway.migrate();
        schemaVersion = Optional.ofNullable(flyway.info().current())
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .orElse("none");
        LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                + " migration(s) applied now, database " + result.database + ")");
    }

    /** The version of the newest applied migration, for the health report. */
    public String schemaVersion() {
        return schemaVersion;
    }
}
