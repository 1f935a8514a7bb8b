package org.mailward.sql;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index Flyway reads at deployment names exactly the migration files, and the Java migrations
 * ({@code java/}, classes of the ejb module), each version once.
 */
class MigrationIndexTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String JAVA = "java/";

    @Test
    void indexListsEveryMigrationFileAndNothingElse() throws IOException {
        List<String> indexed = Files.readAllLines(MIGRATIONS.resolve("migrations.txt")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith(JAVA))
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
    void eachVersionIsUsedOnceExceptForDialectPairs() throws IOException {
        List<String> indexed = Files.readAllLines(MIGRATIONS.resolve("migrations.txt")).stream()
                .filter(line -> line.contains("/V"))
                .toList();
        assertTrue(indexed.stream().allMatch(line -> version(line).matches("V\\d{3}")), indexed.toString());
        assertEquals(versionsIn(indexed, "h2/"), versionsIn(indexed, "postgresql/"), "dialect steps come in pairs");
        List<String> steps = indexed.stream().filter(line -> !line.startsWith("h2/")).map(MigrationIndexTest::version).toList();
        assertEquals(steps.stream().distinct().count(), steps.size(), "a version is used once: " + steps);
    }

    private static List<String> versionsIn(List<String> indexed, String folder) {
        return indexed.stream().filter(line -> line.startsWith(folder)).map(MigrationIndexTest::version).sorted().toList();
    }

    private static String version(String line) {
        return line.substring(line.lastIndexOf('/') + 1, line.indexOf("__"));
    }
}
