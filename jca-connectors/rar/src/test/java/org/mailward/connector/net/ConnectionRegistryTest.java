package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.ConnectionRegistry.Admission;

class ConnectionRegistryTest {

    private static final int UNLIMITED = Integer.MAX_VALUE;

    @Test
    void closesWhatItHoldsAndRefusesNewcomers() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Socket live = new Socket();
        Socket gone = new Socket();
        assertEquals(Admission.ADMITTED, registry.add(live, UNLIMITED, UNLIMITED));
        assertEquals(Admission.ADMITTED, registry.add(gone, UNLIMITED, UNLIMITED));
        registry.remove(gone);
        assertEquals(1, registry.size());

        registry.closeAll();

        assertTrue(live.isClosed());
        assertFalse(gone.isClosed());
        assertEquals(Admission.CLOSED, registry.add(new Socket(), UNLIMITED, UNLIMITED));
        assertEquals(1, registry.size(), "a refused connection is not recorded");
    }

    @Test
    void countsConnectionsInAllAndPerAddressAndFreesTheirPlaces() throws IOException {
        ConnectionRegistry registry = new ConnectionRegistry();
        List<Socket> clients = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            }
            assertEquals(Admission.ADMITTED, registry.add(clients.get(0), 3, 2));
            assertEquals(Admission.ADMITTED, registry.add(clients.get(1), 3, 2));
            assertEquals(Admission.TOO_MANY_FROM_ADDRESS, registry.add(clients.get(2), 3, 2));
            assertEquals(Admission.TOO_MANY, registry.add(clients.get(2), 2, 5));
            assertEquals(2, registry.size());

            registry.remove(clients.get(0));
            assertEquals(Admission.ADMITTED, registry.add(clients.get(3), 3, 2), "a closed connection frees its address's place");
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
    }
}
