package org.mailward.it;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The DNS of the mail world the tests invent: an authoritative server on 127.0.0.1 over UDP and
 * TCP that knows only the names tests register. A registered name answers its records (TTL 0, so
 * the server under test never keeps an old answer) or NODATA; a name registered as nonexistent
 * answers NXDOMAIN; every other name answers SERVFAIL, so mail to a domain no test set up stays
 * queued, and nothing is ever looked up on the real internet. Negative answers carry an SOA with
 * TTL 0: nothing may cache them. It serves until the test JVM ends.
 */
final class TestDns {

    private static final long TTL = 0;
    /** The most a UDP answer may carry when the query did not offer more with EDNS (RFC 1035 section 4.2.1). */
    private static final int UDP_SIZE = 512;
    /** What this server offers to send over UDP to a client that speaks EDNS (RFC 6891). */
    private static final int EDNS_SIZE = 1232;

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> nonexistent = ConcurrentHashMap.newKeySet();
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    TestDns(InetAddress address, int port) throws IOException {
        this.udp = new DatagramSocket(new InetSocketAddress(address, port));
        try {
            this.tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
        } catch (IOException e) {
            udp.close();
            throw e;
        }
        Thread.ofVirtual().name("test-dns-udp").start(this::serveUdp);
        Thread.ofVirtual().name("test-dns-tcp").start(this::acceptTcp);
    }

    int port() {
        return udp.getLocalPort();
    }

    /** Adds a record, written as in a zone file with absolute names: "example.test. MX 10 mx.example.test.". */
    void add(String name, int type, String data) {
        try {
            Name owner = name(name);
            Record record = Record.fromString(owner, type, DClass.IN, TTL, data, Name.root);
            nonexistent.remove(owner);
            records.computeIfAbsent(owner, key -> new CopyOnWriteArrayList<>()).add(record);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a " + Type.string(type) + " record for " + name + ": " + data, e);
        }
    }

    /** From now on {@code name} does not exist (NXDOMAIN), where before it may have failed (SERVFAIL). */
    void nonexistent(String name) {
        Name owner = name(name);
        if (records.containsKey(owner)) {
            throw new IllegalStateException(name + " has records already");
        }
        nonexistent.add(owner);
    }

    static Name name(String name) {
        try {
            return Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Not a domain name: " + name, e);
        }
    }

    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(question == null ? Rcode.FORMERR : Rcode.NOTIMP);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_SIZE, 0, 0), Section.ADDITIONAL);
        }
        List<Record> owned = records.get(question.getName());
        if (owned != null) {
            response.getHeader().setFlag(Flags.AA);
            owned.stream().filter(record -> record.getType() == question.getType() || question.getType() == Type.ANY)
                    .forEach(record -> response.addRecord(record, Section.ANSWER));
            if (response.getSection(Section.ANSWER).isEmpty()) {
                response.addRecord(soa(), Section.AUTHORITY);
            }
        } else if (nonexistent.contains(question.getName())) {
            response.getHeader().setFlag(Flags.AA);
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            response.addRecord(soa(), Section.AUTHORITY);
        } else {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        return response;
    }

    private static SOARecord soa() {
        return new SOARecord(Name.root, DClass.IN, TTL, name("ns.mailward.test"), name("hostmaster.mailward.test"),
                1, 3600, 600, 86400, TTL);
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                OPTRecord opt = query.getOPT();
                int limit = opt == null ? UDP_SIZE : Math.max(UDP_SIZE, Math.min(EDNS_SIZE, opt.getPayloadSize()));
                // toWire(limit) sets TC when the answer does not fit, and the client retries over TCP.
                byte[] wire = answer(query).toWire(limit);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException malformed) {
                // a datagram that is no DNS query gets no answer, as from a real server
            }
        }
    }

    private void acceptTcp() {
        while (true) {
            try {
                Socket connection = tcp.accept();
                Thread.ofVirtual().name("test-dns-tcp-connection").start(() -> serveTcp(connection));
            } catch (IOException e) {
                throw new IllegalStateException("The test DNS stopped accepting TCP connections", e);
            }
        }
    }

    /** Length-prefixed messages (RFC 1035 section 4.2.2), as many as the client sends on the connection. */
    private void serveTcp(Socket connection) {
        try (connection) {
            connection.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            DataOutputStream out = new DataOutputStream(connection.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] wire = answer(new Message(query)).toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (EOFException done) {
            // the client closed the connection
        } catch (IOException e) {
            // a broken or idle connection ends; the next query opens another
        }
    }
}
