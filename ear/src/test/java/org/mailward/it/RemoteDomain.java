package org.mailward.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A domain on the far side of outbound delivery: its MX is the test SMTP sink, which accepts
 * every recipient of it unless the test says to refuse an address or to defer the next attempts.
 */
final class RemoteDomain {

    private final String name;
    private final Map<String, String> refusals = new HashMap<>();
    private final List<ReceivedMessage> received = new ArrayList<>();
    private int deferralsLeft;
    private String deferral;
    private Duration endOfDataDelay = Duration.ZERO;
    private int holding;
    private int mostHeld;

    RemoteDomain(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** RCPT of each address is answered {@code code text}, e.g. 550 "5.1.1 no such user", on every attempt. */
    synchronized RemoteDomain refuseRecipients(int code, String text, String... addresses) {
        if (code < 400 || code > 599) {
            throw new IllegalArgumentException("A refusal is a 4xx or 5xx reply, not " + code);
        }
        for (String address : addresses) {
            if (!RemoteMailServers.domainOf(address).equals(name)) {
                throw new IllegalArgumentException(address + " is not an address of " + name);
            }
            refusals.put(address.toLowerCase(Locale.ROOT), code + " " + text);
        }
        return this;
    }

    /**
     * The next {@code attempts} transactions that name a recipient of this domain get {@code code
     * text} (e.g. 451 "4.3.0 try later") for every such recipient; later ones are accepted.
     */
    synchronized RemoteDomain deferNextAttempts(int attempts, int code, String text) {
        if (code < 400 || code > 499) {
            throw new IllegalArgumentException("A deferral is a 4xx reply, not " + code);
        }
        this.deferralsLeft = attempts;
        this.deferral = code + " " + text;
        return this;
    }

    /**
     * Waits until {@code count} messages for this domain have arrived and returns them in order of
     * arrival; fails when a different number is there at the end of {@code timeout}.
     */
    List<ReceivedMessage> awaitMessages(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            long left;
            while (received.size() < count && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (received.size() != count) {
                throw new AssertionError(name + " received " + received.size() + " messages instead of " + count + ": "
                        + received.stream().map(m -> "<" + m.mailFrom() + "> to " + m.rcptTo()).collect(Collectors.joining(", ")));
            }
            return List.copyOf(received);
        }
    }

    /** The sink answers the end of each message for this domain only after {@code delay}: a slow server. */
    synchronized RemoteDomain answerDataAfter(Duration delay) {
        endOfDataDelay = delay;
        return this;
    }

    /** The most transactions for this domain that the sink held at their end of data at once. */
    synchronized int mostAtOnce() {
        return mostHeld;
    }

    /** Holds a transaction's end-of-data reply as told, counting how many are held at once. */
    void holdEndOfData() throws InterruptedException {
        Duration delay;
        synchronized (this) {
            delay = endOfDataDelay;
            mostHeld = Math.max(mostHeld, ++holding);
        }
        try {
            Thread.sleep(delay.toMillis());
        } finally {
            synchronized (this) {
                holding--;
            }
        }
    }

    /** At a transaction's first recipient of this domain: the reply for all of them in it, or null to go on. */
    synchronized String beginAttempt() {
        if (deferralsLeft > 0) {
            deferralsLeft--;
            return deferral;
        }
        return null;
    }

    /** The reply refusing {@code address}, or null when it is accepted. */
    synchronized String refusal(String address) {
        return refusals.get(address.toLowerCase(Locale.ROOT));
    }

    synchronized void received(ReceivedMessage message) {
        received.add(message);
        notifyAll();
    }
}
