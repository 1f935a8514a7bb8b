package org.mailward.transport.outbound.dns;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupResult;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;
import org.xbill.DNS.lookup.ServerFailedException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds where a domain's mail goes (RFC 5321 section 5.1): its MX hosts by preference, equal
 * preferences in random order, each host's IPv4 then IPv6 addresses; without MX records the
 * domain's own addresses (the implicit MX). A null MX (RFC 7505) or a domain that does not exist
 * is permanent; a failing or silent DNS server, or MX hosts none of which has an address yet, is
 * temporary, so the message waits for the next attempt.
 *
 * <p>Thread-safe. Each instance keeps its own cache, which holds an answer for its TTL and a
 * negative answer no longer than its SOA allows (not at all without one), so keep one instance
 * for the server rather than one per message. Only DNS is asked: never the hosts file.
 */
public final class MxResolver {

    private static final String NO_SUCH_DOMAIN = "5.1.2";
    private static final String NULL_MX = "5.1.10";
    private static final String BAD_SYNTAX = "5.1.3";

    private final LookupSession session;
    /** How long one lookup (with its CNAME hops) may take before it counts as timed out. */
    private final Duration lookupLimit;

    /**
     * @param servers the DNS servers to ask, in order of preference; empty for the system's (resolv.conf)
     * @param timeout how long to wait for one server's answer to one query before trying the next
     */
    public MxResolver(List<InetSocketAddress> servers, Duration timeout) {
        this(resolver(servers, timeout));
    }

    MxResolver(Resolver resolver) {
        this.session = LookupSession.builder().resolver(resolver).cache(new Cache(DClass.IN)).build();
        // The resolver stops retrying after its timeout but lets the query in flight run out.
        this.lookupLimit = resolver.getTimeout().multipliedBy(2);
    }

    private static Resolver resolver(List<InetSocketAddress> servers, Duration timeout) {
        List<InetSocketAddress> addresses = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        List<Resolver> each = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            SimpleResolver one = new SimpleResolver(address);
            one.setTimeout(timeout);
            each.add(one);
        }
        ExtendedResolver resolver = new ExtendedResolver(each);
        // Time for every server to answer once: a dead first server must not hide a live second one.
        resolver.setTimeout(timeout.multipliedBy(Math.max(1, each.size())));
        return resolver;
    }

    /** The hosts to deliver {@code domain}'s mail to, in the order to try them (RFC 5321 section 5.1). */
    public Route mailHosts(String domain) {
        if (domain.startsWith("[")) {
            InetAddress literal = addressLiteral(domain);
            return literal != null ? new Route.Hosts(List.of(new MailHost(domain, literal, 0)))
                    : new Route.Permanent(BAD_SYNTAX, "not an address literal: " + domain);
        }
        Name name = parse(domain);
        if (name == null) {
            return new Route.Permanent(BAD_SYNTAX, "not a domain name: " + domain);
        }
        return switch (lookup(name, Type.MX)) {
            case Answer.NoSuchDomain ignored -> new Route.Permanent(NO_SUCH_DOMAIN, "no such domain: " + domain);
            case Answer.Failure failure -> new Route.Temporary(failure.reason());
            case Answer.Records records when records.list().isEmpty() -> implicitMx(name, domain);
            case Answer.Records records -> exchangers(domain, records.list().stream().map(MXRecord.class::cast).toList());
        };
    }

    /**
     * The addresses of one host, as for a configured smart host: an address literal ({@code
     * 192.0.2.1}, {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}) as it is, a name by its A then
     * AAAA records, each with preference 0. A name without addresses is temporary: it is the
     * operator's setting to fix, and the mail waits for that rather than bouncing.
     */
    public Route addresses(String hostName) {
        InetAddress literal = hostName.startsWith("[") ? addressLiteral(hostName) : bareAddress(hostName);
        if (literal != null) {
            return new Route.Hosts(List.of(new MailHost(hostName, literal, 0)));
        }
        Name name = hostName.startsWith("[") ? null : parse(hostName);
        if (name == null) {
            return new Route.Temporary("not a host name or address: " + hostName);
        }
        HostAddresses found = addressesOf(name);
        if (found.addresses().isEmpty()) {
            return new Route.Temporary(found.failure() != null ? found.failure() : "no address for " + hostName);
        }
        return new Route.Hosts(found.addresses().stream().map(address -> new MailHost(hostName, address, 0)).toList());
    }

    /**
     * Parses a list of DNS servers as in {@code mailward.outbound.dns-servers}: comma-separated
     * {@code address}, {@code address:port}, {@code [IPv6 address]:port} or a bare IPv6 address,
     * port 53 by default. Addresses only, since a name would need a resolver of its own. Blank
     * means none (the system's resolvers).
     *
     * @throws IllegalArgumentException naming the entry that is not a server address
     */
    public static List<InetSocketAddress> servers(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String raw : commaSeparated.split(",")) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                servers.add(server(entry));
            }
        }
        return List.copyOf(servers);
    }

    private static InetSocketAddress server(String entry) {
        String host = entry;
        String port = "53";
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            String rest = close < 0 ? "" : entry.substring(close + 1);
            if (close < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
                throw new IllegalArgumentException("Not a DNS server address: " + entry);
            }
            host = entry.substring(1, close);
            port = rest.isEmpty() ? port : rest.substring(1);
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("Not a port in DNS server " + entry + ": " + port);
            }
            return new InetSocketAddress(Address.getByAddress(host), number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a port in DNS server " + entry + ": " + port, e);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an IP address in DNS server " + entry + ": " + host, e);
        }
    }

    private Route exchangers(String domain, List<MXRecord> records) {
        if (records.size() == 1 && records.getFirst().getTarget().equals(Name.root)) {
            return new Route.Permanent(NULL_MX, domain + " accepts no mail (null MX)");
        }
        List<MailHost> hosts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (MXRecord mx : inOrderToTry(records)) {
            if (mx.getTarget().equals(Name.root)) {
                continue; // a null MX among real ones is a mistake of the zone, not a host
            }
            String host = mx.getTarget().toString(true);
            HostAddresses found = addressesOf(mx.getTarget());
            found.addresses().forEach(address -> hosts.add(new MailHost(host, address, mx.getPriority())));
            if (found.addresses().isEmpty()) {
                failures.add(found.failure() != null ? found.failure() : "no address for " + host);
            }
        }
        if (hosts.isEmpty()) {
            return new Route.Temporary("no MX host of " + domain + " has an address: " + String.join("; ", failures));
        }
        return new Route.Hosts(hosts);
    }

    /** By preference, lowest first; equal preferences shuffled so that their load is shared (RFC 5321 section 5.1). */
    private static List<MXRecord> inOrderToTry(List<MXRecord> records) {
        Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord mx : records) {
            byPreference.computeIfAbsent(mx.getPriority(), preference -> new ArrayList<>()).add(mx);
        }
        List<MXRecord> ordered = new ArrayList<>();
        for (List<MXRecord> equal : byPreference.values()) {
            Collections.shuffle(equal, ThreadLocalRandom.current());
            ordered.addAll(equal);
        }
        return ordered;
    }

    /** No MX records: the domain itself is the mail host (RFC 5321 section 5.1); with no address either, mail cannot go there. */
    private Route implicitMx(Name name, String domain) {
        HostAddresses found = addressesOf(name);
        if (!found.addresses().isEmpty()) {
            String host = name.toString(true);
            return new Route.Hosts(found.addresses().stream().map(address -> new MailHost(host, address, 0)).toList());
        }
        if (found.failure() != null) {
            return new Route.Temporary(found.failure());
        }
        return new Route.Permanent(NO_SUCH_DOMAIN, domain + " has no MX and no address records");
    }

    /** A then AAAA; {@code failure} says why an empty list may not be the final word. */
    private record HostAddresses(List<InetAddress> addresses, String failure) {
    }

    private HostAddresses addressesOf(Name host) {
        List<InetAddress> addresses = new ArrayList<>();
        String failure = null;
        for (int type : new int[] {Type.A, Type.AAAA}) {
            switch (lookup(host, type)) {
                case Answer.Records records -> records.list().forEach(record -> addresses.add(switch (record) {
                    case ARecord a -> a.getAddress();
                    case AAAARecord aaaa -> aaaa.getAddress();
                    default -> throw new IllegalStateException("Not an address record: " + record);
                }));
                case Answer.NoSuchDomain ignored -> {
                    // no addresses of this type: final
                }
                case Answer.Failure f -> failure = f.reason();
            }
        }
        return new HostAddresses(addresses, failure);
    }

    /** One DNS question's outcome; an empty list of records is NOERROR without data (NODATA). */
    private sealed interface Answer {
        record Records(List<Record> list) implements Answer {
        }

        record NoSuchDomain() implements Answer {
        }

        record Failure(String reason) implements Answer {
        }
    }

    private Answer lookup(Name name, int type) {
        String question = name.toString(true) + " " + Type.string(type);
        try {
            LookupResult result = session.lookupAsync(name, type).toCompletableFuture()
                    .get(lookupLimit.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer.Records(result.getRecords().stream().filter(record -> record.getType() == type).toList());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return switch (cause) {
                case NoSuchDomainException ignored -> new Answer.NoSuchDomain();
                case NoSuchRRSetException ignored -> new Answer.Records(List.of());
                case ServerFailedException ignored -> new Answer.Failure("DNS server failure for " + question);
                // dnsjava's timeouts and network errors may carry no message: their kind says what happened.
                default -> new Answer.Failure("DNS lookup of " + question + " failed: "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
            };
        } catch (TimeoutException e) {
            return new Answer.Failure("DNS lookup of " + question + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer.Failure("DNS lookup of " + question + " was interrupted");
        }
    }

    /** The absolute name, or null when the text is not a domain name. */
    private static Name parse(String domain) {
        if (domain.isBlank()) {
            return null;
        }
        try {
            return Name.fromString(domain, Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }

    /** {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 section 4.1.3) as an address, or null. */
    private static InetAddress addressLiteral(String literal) {
        if (literal.length() < 3 || !literal.startsWith("[") || !literal.endsWith("]")) {
            return null;
        }
        String inside = literal.substring(1, literal.length() - 1);
        try {
            return inside.regionMatches(true, 0, "IPv6:", 0, 5)
                    ? Address.getByAddress(inside.substring(5), Address.IPv6)
                    : Address.getByAddress(inside, Address.IPv4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 192.0.2.1} or {@code 2001:db8::1} as an address (never looked up), or null. */
    private static InetAddress bareAddress(String text) {
        try {
            return Address.getByAddress(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
