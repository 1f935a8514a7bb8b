package org.mailward.connector.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

class EndpointInvokerTest {

    private static final ConnectionInfo CLIENT = new ConnectionInfo("smtp",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2525), false);

    @Test
    void borrowsAFreshEndpointForEachCallAndReleasesIt() throws BackendUnavailableException {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("hello");
        EndpointInvoker<SmtpBackend> invoker = new EndpointInvoker<>(factory, SmtpBackend.class);

        assertEquals(Greeting.welcome("hello", false), invoker.call(smtp -> smtp.welcome(CLIENT)).greeting());
        invoker.call(smtp -> smtp.welcome(CLIENT));

        assertEquals(2, factory.created.get());
        assertEquals(2, factory.released.get());
        assertEquals(CLIENT, factory.lastConnection);
    }

    @Test
    void releasesTheEndpointWhenTheCallFails() {
        FakeEndpointFactory factory = FakeEndpointFactory.failing();
        EndpointInvoker<SmtpBackend> invoker = new EndpointInvoker<>(factory, SmtpBackend.class);

        BackendUnavailableException failure = assertThrows(BackendUnavailableException.class,
                () -> invoker.call(smtp -> smtp.welcome(CLIENT)));

        assertEquals("Service temporarily unavailable", failure.getMessage());
        assertEquals(1, factory.released.get());
    }

    @Test
    void reportsAMissingEndpointAsUnavailable() {
        EndpointInvoker<SmtpBackend> invoker = new EndpointInvoker<>(FakeEndpointFactory.unavailable(), SmtpBackend.class);

        assertThrows(BackendUnavailableException.class, () -> invoker.call(smtp -> smtp.welcome(CLIENT)));
    }
}
