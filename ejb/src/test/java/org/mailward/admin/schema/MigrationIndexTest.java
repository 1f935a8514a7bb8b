package org.mailward.admin.schema;

import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real index of the mailward-sql jar, as SchemaMigrator does inside WildFly. */
class MigrationIndexTest {

    private final ClassLoader loader = MigrationIndexTest.class.getClassLoader();

    @Test
    void offersTheVersionedMigrationsWithTheirContent() throws IOException {
        MigrationIndex index = new MigrationIndex(loader, "postgresql");

        List<String> names = index.getResources("V", new String[]{".sql"}).stream().map(LoadableResource::getFilename).toList();

        assertTrue(names.contains("V001__pipeline_probe.sql"), names.toString());
        LoadableResource first = index.getResource("V001__pipeline_probe.sql");
        try (BufferedReader reader = new BufferedReader(first.read())) {
            assertTrue(reader.lines().anyMatch(line -> line.startsWith("CREATE TABLE pipeline_probe")));
        }
    }

    @Test
    void filtersByPrefixAndSuffix() {
        MigrationIndex index = new MigrationIndex(loader, "h2");

        assertEquals(List.of(), List.copyOf(index.getResources("R", new String[]{".sql"})));
        assertEquals(List.of(), List.copyOf(index.getResources("V", new String[]{".java"})));
        assertNull(index.getResource("V999__nothing.sql"));
    }
}
