package org.mailward.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the server keeps on disk that grants access is readable by its owner only. */
@Tag("smoke")
class DataDirectoryIT {

    @Test
    void theFirstAdministratorsPasswordIsWrittenForTheOwnerOnly() throws IOException {
        Path file = ItEnvironment.initialAdminFile();
        assertEquals("rw-------", permissions(file));
        assertTrue(ItEnvironment.adminPassword().length() >= 20, "a long random password, not a default");
    }

    @Test
    void theDataDirectoryAndItsSecretsAreClosedToOthers() throws IOException {
        Path data = ItEnvironment.dataDirectory();
        assertEquals("rwx------", permissions(data));
        assertEquals("rw-------", permissions(data.resolve("secrets.properties")));
        assertEquals("rw-------", permissions(data.resolve("tls/mailward.p12")));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
