package org.mailward.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Undeploying the EAR closes every protocol socket. ./mailward test runs it last, on the server
 * it is about to stop, because it takes the application away.
 */
@Tag("undeploy")
class UndeployIT {

    private static final List<Integer> LISTENER_PORTS = List.of(2525, 2587, 2465, 2143, 2993, 2110, 2995);

    @Test
    void undeployingTheEarClosesEveryListener() throws Exception {
        for (int port : LISTENER_PORTS) {
            assertDoesNotThrow(() -> new Socket(ItEnvironment.HOST, port).close(), "port " + port + " accepts before the undeploy");
        }
        Path deployments = Path.of(System.getProperty("mailward.it.deployments"));
        // The deployment scanner undeploys an archive whose file disappears.
        Files.delete(deployments.resolve("mailward.ear"));
        awaitFile(deployments.resolve("mailward.ear.undeployed"), Duration.ofSeconds(60));

        for (int port : LISTENER_PORTS) {
            assertThrows(ConnectException.class, () -> new Socket(ItEnvironment.HOST, port).close(),
                    "port " + port + " is closed after the undeploy");
        }
    }

    private static void awaitFile(Path file, Duration timeout) throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(file + " did not appear within " + timeout);
            }
            Thread.sleep(250);
        }
    }
}
