package org.mailward.it;

import org.xbill.DNS.Type;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internet as far as outbound delivery from the server under test can see: a DNS server and
 * an SMTP sink on 127.0.0.1, at the ports {@code ./mailward test} points the server at
 * ({@code mailward.outbound.dns-servers}, {@code mailward.outbound.smtp-port}) and hands to this
 * JVM as {@code mailward.it.dns-port} and {@code mailward.it.smtp-sink-port}. One per test JVM,
 * started by the first test that asks for it; tests register the domains they send to, under
 * names no other test uses. A domain no test registered gets SERVFAIL, so its mail stays queued.
 */
final class RemoteMailServers {

    /** Where the sink listens: the A record of every registered domain's MX host. */
    static final String SINK_ADDRESS = "127.0.0.1";
    /** A loopback address where nothing listens: connections to it are refused. */
    static final String UNREACHABLE_ADDRESS = "127.0.0.2";

    private static RemoteMailServers servers;

    private final TestDns dns;
    private final SmtpSink sink;
    private final Map<String, RemoteDomain> domains = new ConcurrentHashMap<>();

    private RemoteMailServers(int dnsPort, int smtpPort) throws IOException {
        InetAddress address = InetAddress.getByName(SINK_ADDRESS);
        this.dns = start("DNS server", dnsPort, () -> new TestDns(address, dnsPort));
        this.sink = start("SMTP sink", smtpPort, () -> new SmtpSink(address, smtpPort, domains::get));
    }

    /** The servers of this test JVM, started on first use. */
    static synchronized RemoteMailServers get() {
        if (servers == null) {
            try {
                servers = new RemoteMailServers(port("mailward.it.dns-port", 10053), port("mailward.it.smtp-sink-port", 10025));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return servers;
    }

    int dnsPort() {
        return dns.port();
    }

    int smtpPort() {
        return sink.port();
    }

    /** A domain whose MX ({@code mx.<name>}, preference 10) is the sink, which accepts all its recipients until told otherwise. */
    RemoteDomain domain(String name) {
        RemoteDomain domain = relayedDomain(name);
        mx(domain.name(), SINK_ADDRESS);
        return domain;
    }

    /**
     * A domain the sink accepts mail for but DNS does not know (SERVFAIL): only a smart host that
     * is the sink gets its mail there.
     */
    RemoteDomain relayedDomain(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        RemoteDomain domain = new RemoteDomain(key);
        if (domains.putIfAbsent(key, domain) != null) {
            throw new IllegalStateException(name + " is registered already");
        }
        return domain;
    }

    /** A domain whose MX host has an address where nothing listens: every connection is refused. */
    void unreachableDomain(String name) {
        mx(name.toLowerCase(Locale.ROOT), UNREACHABLE_ADDRESS);
    }

    /** Until closed, the sink does not offer DSN (RFC 3461): a server that will not report delivery itself. */
    AutoCloseable withoutDsn() {
        sink.offerDsn(false);
        return () -> sink.offerDsn(true);
    }

    /** A domain that accepts no mail: a null MX (RFC 7505). */
    void nullMxDomain(String name) {
        dns.add(name, Type.MX, "0 .");
    }

    /** A domain that does not exist: NXDOMAIN rather than the SERVFAIL of names no test mentions. */
    void noSuchDomain(String name) {
        dns.nonexistent(name);
    }

    /** A TXT record (a DKIM key, an SPF policy), split into the 255-byte strings DNS carries. */
    void txt(String name, String value) {
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < value.length() || strings.isEmpty(); start += 255) {
            String chunk = value.substring(start, Math.min(value.length(), start + 255));
            strings.add('"' + chunk.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }
        dns.add(name, Type.TXT, String.join(" ", strings));
    }

    /** The address before the MX, so that a lookup never finds an MX host without its address. */
    private void mx(String domain, String address) {
        String host = "mx." + domain;
        dns.add(host, Type.A, address);
        dns.add(domain, Type.MX, "10 " + host + ".");
    }

    /** The lower-case domain of an address, "" when it has none. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static int port(String property, int otherwise) {
        String value = System.getProperty(property, "");
        return value.isBlank() ? otherwise : Integer.parseInt(value.strip());
    }

    private interface Starter<T> {
        T start() throws IOException;
    }

    private static <T> T start(String what, int port, Starter<T> starter) throws IOException {
        try {
            return starter.start();
        } catch (BindException e) {
            throw new IllegalStateException("The test " + what + " cannot listen on " + SINK_ADDRESS + ":" + port
                    + ": something else uses the port", e);
        }
    }
}
