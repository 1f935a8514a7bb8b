package org.mailward.sql;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The index Flyway reads at deployment names exactly the migration files, each version once. */
class MigrationIndexTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    @Test
    void indexListsEveryMigrationFileAndNothingElse() throws IOException {
        List<String> indexed = Files.readAllLines(MIGRATIONS.resolve("migrations.txt")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .sorted()
                .toList();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            List<String> onDisk = files.filter(file -> file.toString().endsWith(".sql"))
                    .map(file -> MIGRATIONS.relativize(file).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
            assertEquals(onDisk, indexed);
        }
    }

    @Test
    void eachVersionIsUsedOnceAcrossFolders() throws IOException {
        List<String> versions = Files.readAllLines(MIGRATIONS.resolve("migrations.txt")).stream()
                .filter(line -> line.contains("/V"))
                .filter(line -> !line.startsWith("h2/")) // an H2 twin shares its PostgreSQL twin's version
                .map(line -> line.substring(line.lastIndexOf('/') + 1, line.indexOf("__")))
                .toList();
        assertEquals(versions.stream().distinct().count(), versions.size(), versions.toString());
        assertTrue(versions.stream().allMatch(version -> version.matches("V\\d{3}")), versions.toString());
    }
}
