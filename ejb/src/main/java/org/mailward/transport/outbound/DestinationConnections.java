package org.mailward.transport.outbound;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The connections open to each destination domain (setting
 * {@code outbound.max-connections-per-domain}), so that a burst of mail to one domain does not
 * look like an attack to its servers and leaves sessions free for the other domains.
 */
@ApplicationScoped
public class DestinationConnections {

    /** A connection slot held; closing it frees the slot. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, Integer> open = new HashMap<>();

    /** A slot for {@code domain}, or empty while {@code max} are open. */
    public synchronized Optional<Slot> tryAcquire(String domain, int max) {
        if (open.getOrDefault(domain, 0) >= max) {
            return Optional.empty();
        }
        open.merge(domain, 1, Integer::sum);
        return Optional.of(() -> release(domain));
    }

    private synchronized void release(String domain) {
        open.computeIfPresent(domain, (ignored, count) -> count == 1 ? null : count - 1);
    }
}
