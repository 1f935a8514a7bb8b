package org.mailward.transport.outbound.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * An authoritative server in memory, answering as a recursive resolver would pass its answers on:
 * the records of a name, NODATA when the name has others, NXDOMAIN when it has none, each negative
 * answer with an SOA whose TTL the test chooses. A CNAME is answered alone, so the client follows it.
 */
final class FakeDns implements Resolver {

    private final Map<Name, List<Record>> zone = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final List<String> questions = Collections.synchronizedList(new ArrayList<>());
    private volatile long negativeTtl;

    /** Adds a record written "name TTL TYPE data", e.g. "example.test 300 MX 10 mx1.example.test". */
    FakeDns add(String record) {
        String[] parts = record.split("\\s+", 4);
        try {
            Record parsed = Record.fromString(absolute(parts[0]), Type.value(parts[2]), DClass.IN,
                    Long.parseLong(parts[1]), parts[3], Name.root);
            zone.computeIfAbsent(parsed.getName(), name -> Collections.synchronizedList(new ArrayList<>())).add(parsed);
            return this;
        } catch (IOException e) {
            throw new IllegalArgumentException(record, e);
        }
    }

    /** Answers SERVFAIL to every question about {@code name}, or with a type ("example.test A") to that one. */
    FakeDns failing(String question) {
        failing.add(question);
        return this;
    }

    /** Never answers about {@code name}: the client's timeout. */
    FakeDns silent(String name) {
        silent.add(absolute(name));
        return this;
    }

    /** The SOA TTL and minimum of negative answers: how long a client may cache them. */
    FakeDns negativeTtl(long seconds) {
        negativeTtl = seconds;
        return this;
    }

    /** Every question asked so far, as "name TYPE". */
    List<String> questions() {
        synchronized (questions) {
            return List.copyOf(questions);
        }
    }

    @Override
    public CompletionStage<Message> sendAsync(Message query, Executor executor) {
        Record question = query.getQuestion();
        String asked = question.getName().toString(true) + " " + Type.string(question.getType());
        questions.add(asked);
        if (silent.contains(question.getName())) {
            return CompletableFuture.failedFuture(new IOException("Timed out while trying to resolve " + question.getName()));
        }
        Message answer = new Message(query.getHeader().getID());
        answer.getHeader().setFlag(Flags.QR);
        answer.getHeader().setFlag(Flags.RA);
        answer.addRecord(question, Section.QUESTION);
        List<Record> records = zone.get(question.getName());
        if (failing.contains(asked) || failing.contains(question.getName().toString(true))) {
            answer.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (records == null) {
            answer.getHeader().setRcode(Rcode.NXDOMAIN);
            answer.addRecord(soa(), Section.AUTHORITY);
        } else {
            List<Record> matching;
            synchronized (records) {
                matching = records.stream()
                        .filter(r -> r.getType() == question.getType() || r.getType() == Type.CNAME).toList();
            }
            matching.forEach(r -> answer.addRecord(r, Section.ANSWER));
            if (matching.isEmpty()) {
                answer.addRecord(soa(), Section.AUTHORITY);
            }
        }
        return CompletableFuture.completedFuture(answer);
    }

    private SOARecord soa() {
        return new SOARecord(Name.root, DClass.IN, negativeTtl, absolute("ns.test"), absolute("hostmaster.test"),
                1, 3600, 600, 86400, negativeTtl);
    }

    @Override
    public Duration getTimeout() {
        return Duration.ofSeconds(2);
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    @Override
    public void setPort(int port) {
    }

    @Override
    public void setTCP(boolean flag) {
    }

    @Override
    public void setIgnoreTruncation(boolean flag) {
    }

    @Override
    public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    }

    @Override
    public void setTSIGKey(TSIG key) {
    }

    @Override
    public void setTimeout(Duration timeout) {
    }
}
