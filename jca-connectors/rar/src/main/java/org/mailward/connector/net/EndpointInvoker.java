package org.mailward.connector.net;

import java.util.function.Function;
import java.util.logging.Logger;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * Calls a backend through a freshly borrowed message endpoint and releases it at once. Borrowing
 * per call keeps idle connections from pinning MDB instances and never shares an endpoint between
 * threads.
 *
 * @param <L> the message listener interface the endpoint implements
 */
public final class EndpointInvoker<L> {

    private static final Logger LOG = Logger.getLogger(EndpointInvoker.class.getName());
    private static final String CLIENT_REASON = "Service temporarily unavailable";

    private final MessageEndpointFactory factory;
    private final Class<L> listenerType;

    public EndpointInvoker(MessageEndpointFactory factory, Class<L> listenerType) {
        this.factory = factory;
        this.listenerType = listenerType;
    }

    /** Runs {@code call} against a borrowed endpoint; any failure becomes {@link BackendUnavailableException}. */
    public <R> R call(Function<? super L, R> call) throws BackendUnavailableException {
        MessageEndpoint endpoint;
        try {
            endpoint = factory.createEndpoint(null);
        } catch (UnavailableException | RuntimeException e) {
            throw unavailable("no endpoint", e);
        }
        try {
            return call.apply(listenerType.cast(endpoint));
        } catch (RuntimeException e) {
            throw unavailable("call failed", e);
        } finally {
            endpoint.release();
        }
    }

    // Expected during redeploys and backend outages: one line, no stack trace.
    private BackendUnavailableException unavailable(String what, Exception cause) {
        LOG.warning(() -> "Mailward " + listenerType.getSimpleName() + " " + what + ": " + cause);
        return new BackendUnavailableException(CLIENT_REASON, cause);
    }
}
