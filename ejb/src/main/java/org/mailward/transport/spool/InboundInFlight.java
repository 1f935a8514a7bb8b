package org.mailward.transport.spool;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbound mail a queue browser cannot see (ADR 0017): what a consumer is delivering now, and
 * what it rolled back, which waits out the queue's redelivery delay, with its attempt count and
 * last error. An entry leaves when its delivery commits; one that keeps failing stays, so the
 * administrator still reads why once the queue moved the mail to {@code mail.dlq}. Memory only:
 * after a restart the queue holds all of it again, in plain sight.
 */
@ApplicationScoped
public class InboundInFlight {

    /** Caps what dead letters leave behind; the eldest entry goes first. */
    private static final int MOST_REMEMBERED = 10_000;

    public record Attempt(SpoolMessage message, int number, boolean delivering, String lastError) {
    }

    private final Map<String, Attempt> attempts = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Attempt> eldest) {
            return size() > MOST_REMEMBERED;
        }
    };

    @Resource
    private TransactionSynchronizationRegistry transactions;

    /**
     * Records that the caller's transaction delivers {@code messages}, attempt {@code number}; the
     * outcome of that transaction settles the entries.
     */
    public void delivering(List<SpoolMessage> messages, int number) {
        synchronized (attempts) {
            messages.forEach(message -> attempts.put(message.id(),
                    new Attempt(message, number, true, previousError(message.id()))));
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                settle(messages, status == Status.STATUS_COMMITTED);
            }
        });
    }

    /** Why the attempt in the caller's transaction failed; the rollback then keeps the entries waiting. */
    public void failed(List<SpoolMessage> messages, Exception cause) {
        synchronized (attempts) {
            messages.forEach(message -> attempts.computeIfPresent(message.id(),
                    (id, attempt) -> new Attempt(message, attempt.number(), true, String.valueOf(cause))));
        }
    }

    public List<Attempt> snapshot() {
        synchronized (attempts) {
            return new ArrayList<>(attempts.values());
        }
    }

    private void settle(List<SpoolMessage> messages, boolean delivered) {
        synchronized (attempts) {
            for (SpoolMessage message : messages) {
                if (delivered) {
                    attempts.remove(message.id());
                } else {
                    attempts.computeIfPresent(message.id(), (id, attempt) -> new Attempt(message, attempt.number(), false,
                            attempt.lastError() == null ? "the delivery did not commit" : attempt.lastError()));
                }
            }
        }
    }

    private String previousError(String id) {
        Attempt previous = attempts.get(id);
        return previous == null ? null : previous.lastError();
    }
}
