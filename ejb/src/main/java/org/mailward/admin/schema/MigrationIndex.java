package org.mailward.admin.schema;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The migrations Flyway applies, read from the {@code sql} module's {@code db/migration/migrations.txt}
 * instead of by scanning jars (which inside WildFly needs the private JBoss VFS module): the
 * {@code common/} ones and those of the database in use ({@code h2/} or {@code postgresql/}).
 */
final class MigrationIndex implements ResourceProvider {

    static final String ROOT = "db/migration/";
    static final String INDEX = ROOT + "migrations.txt";

    private final List<LoadableResource> migrations;

    MigrationIndex(ClassLoader loader, String vendor) {
        this.migrations = readIndex(loader).stream()
                .filter(path -> path.startsWith("common/") || path.startsWith(vendor + "/"))
                .<LoadableResource>map(path -> new IndexedMigration(loader, ROOT + path))
                .toList();
    }

    @Override
    public LoadableResource getResource(String name) {
        return migrations.stream()
                .filter(migration -> migration.getAbsolutePath().equals(name) || migration.getFilename().equals(name))
                .findFirst()
                .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return migrations.stream()
                .filter(migration -> migration.getFilename().startsWith(prefix))
                .filter(migration -> Arrays.stream(suffixes).anyMatch(migration.getFilename()::endsWith))
                .toList();
    }

    private static List<String> readIndex(ClassLoader loader) {
        InputStream in = loader.getResourceAsStream(INDEX);
        if (in == null) {
            throw new IllegalStateException(INDEX + " is missing: the mailward-sql jar is not in ear/lib");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + INDEX, e);
        }
    }

    /** One migration script on the class path. */
    private static final class IndexedMigration extends LoadableResource {

        private final ClassLoader loader;
        private final String path;

        IndexedMigration(ClassLoader loader, String path) {
            this.loader = loader;
            this.path = path;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(path);
            if (in == null) {
                throw new IllegalStateException(path + " is listed in " + INDEX + " but not packaged");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        @Override
        public String getRelativePath() {
            return getFilename();
        }
    }
}
