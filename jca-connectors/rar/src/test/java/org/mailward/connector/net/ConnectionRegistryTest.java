package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;

import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {

    @Test
    void closesWhatItHoldsAndRefusesNewcomers() {
        ConnectionRegistry registry = new ConnectionRegistry();
        Socket live = new Socket();
        Socket gone = new Socket();
        assertTrue(registry.add(live));
        assertTrue(registry.add(gone));
        registry.remove(gone);
        assertEquals(1, registry.size());

        registry.closeAll();

        assertTrue(live.isClosed());
        assertFalse(gone.isClosed());
        assertFalse(registry.add(new Socket()));
    }
}
