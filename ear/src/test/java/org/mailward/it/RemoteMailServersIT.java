package org.mailward.it;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailward.transport.outbound.dns.MailHost;
import org.mailward.transport.outbound.dns.MxResolver;
import org.mailward.transport.outbound.dns.Route;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote side that outbound delivery tests stand on, checked on its own (no WildFly needed):
 * Mailward's own resolver finds the sink through the test DNS, the DNS answers over UDP and TCP,
 * and a real SMTP client (Jakarta Mail) and a pipelining one get the replies each domain asks for.
 */
class RemoteMailServersIT {

    private static final RemoteMailServers servers = RemoteMailServers.get();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final MxResolver resolver = new MxResolver(MxResolver.servers("127.0.0.1:" + servers.dnsPort()), Duration.ofSeconds(2));

    @Test
    void mailwardsResolverFindsTheSinkForARegisteredDomain() throws Exception {
        String partner = TestDomains.unique("partner");
        servers.domain(partner);

        assertEquals(new Route.Hosts(List.of(new MailHost("mx." + partner, InetAddress.getByName("127.0.0.1"), 10))),
                resolver.mailHosts(partner));
    }

    @Test
    void anUnreachableDomainsMxRefusesConnections() throws Exception {
        String dead = TestDomains.unique("dead");
        servers.unreachableDomain(dead);

        Route.Hosts route = assertInstanceOf(Route.Hosts.class, resolver.mailHosts(dead));
        InetAddress address = route.hosts().getFirst().address();
        assertEquals(InetAddress.getByName(RemoteMailServers.UNREACHABLE_ADDRESS), address);
        try (Socket socket = new Socket()) {
            assertThrows(ConnectException.class, () -> socket.connect(new InetSocketAddress(address, servers.smtpPort()), 2000));
        }
    }

    @Test
    void nullMxNonexistentAndUnknownDomainsAreTheirOwnKindsOfFailure() {
        String refusing = TestDomains.unique("nullmx");
        String gone = TestDomains.unique("gone");
        servers.nullMxDomain(refusing);
        servers.noSuchDomain(gone);

        assertEquals("5.1.10", assertInstanceOf(Route.Permanent.class, resolver.mailHosts(refusing)).status());
        assertEquals("5.1.2", assertInstanceOf(Route.Permanent.class, resolver.mailHosts(gone)).status());
        assertInstanceOf(Route.Temporary.class, resolver.mailHosts(TestDomains.unique("unregistered")));
    }

    @Test
    void aLongTxtRecordComesWholeOverTcpAndAfterATruncatedUdpAnswer() throws Exception {
        String name = "selector._domainkey." + TestDomains.unique("dkim");
        String key = "v=DKIM1; k=rsa; p=" + "A".repeat(1900);
        servers.txt(name, key);

        for (boolean tcp : new boolean[] {true, false}) {
            SimpleResolver dns = new SimpleResolver(new InetSocketAddress("127.0.0.1", servers.dnsPort()));
            dns.setTCP(tcp); // over UDP the answer does not fit, the server sets TC, and the client asks again over TCP
            org.xbill.DNS.Message answer = dns.send(org.xbill.DNS.Message.newQuery(
                    Record.newRecord(Name.fromString(name, Name.root), Type.TXT, DClass.IN)));
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertFalse(answer.getHeader().getFlag(Flags.TC));
            TXTRecord txt = (TXTRecord) answer.getSection(Section.ANSWER).getFirst();
            assertEquals(key, String.join("", txt.getStrings()));
            assertEquals(0, txt.getTTL());
        }
    }

    @Test
    void aRealClientGetsTheRefusalsOverStartTlsAndTheSinkKeepsTheRest() throws Exception {
        String partner = TestDomains.unique("partner");
        RemoteDomain domain = servers.domain(partner).refuseRecipients(550, "5.1.1 no such user", "bad@" + partner);

        SendFailedException partial = assertThrows(SendFailedException.class,
                () -> send("hello partner", "good@" + partner, "bad@" + partner));
        assertEquals("bad@" + partner, partial.getInvalidAddresses()[0].toString());
        assertTrue(partial.getNextException().getMessage().contains("550 5.1.1 no such user"), partial.getNextException().getMessage());

        ReceivedMessage message = domain.awaitMessages(1, WAIT).getFirst();
        assertEquals("sender@origin.test", message.mailFrom());
        assertEquals(List.of("good@" + partner), message.rcptTo());
        assertTrue(message.tls(), "STARTTLS was required by the client");
        assertEquals("relay.origin.test", message.ehloName());
        assertTrue(message.text().contains("Subject: hello partner\r\n"), message.text());
    }

    @Test
    void aDeferringDomainAnswers4xxForTheNextAttemptsThenAccepts() throws Exception {
        String partner = TestDomains.unique("partner");
        RemoteDomain domain = servers.domain(partner).deferNextAttempts(2, 451, "4.3.0 try later");

        for (int attempt = 1; attempt <= 2; attempt++) {
            MessagingException deferred = assertThrows(MessagingException.class, () -> send("retry me", "a@" + partner, "b@" + partner));
            assertTrue(String.valueOf(deferred.getNextException()).contains("451 4.3.0 try later"), String.valueOf(deferred.getNextException()));
        }
        send("retry me", "a@" + partner, "b@" + partner);

        assertEquals(List.of("a@" + partner, "b@" + partner), domain.awaitMessages(1, WAIT).getFirst().rcptTo());
    }

    @Test
    void aPipeliningClientGetsItsRepliesInOrderWithItsParametersKept() throws Exception {
        String partner = TestDomains.unique("partner");
        RemoteDomain domain = servers.domain(partner);
        try (Socket socket = new Socket("127.0.0.1", servers.smtpPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));
            out.write("EHLO pipe.origin.test\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = replies(in);
            assertTrue(ehlo.containsAll(List.of("250-PIPELINING", "250-8BITMIME", "250-STARTTLS", "250-DSN")), ehlo.toString());

            out.write(("MAIL FROM:<> BODY=8BITMIME RET=HDRS ENVID=x1\r\n"
                    + "RCPT TO:<one@" + partner + "> NOTIFY=FAILURE ORCPT=rfc822;one@" + partner + "\r\n"
                    + "RCPT TO:<someone@elsewhere.test>\r\n"
                    + "DATA\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.1.0 OK", in.readLine());
            assertEquals("250 2.1.5 OK", in.readLine());
            assertTrue(in.readLine().startsWith("550 5.7.1 "), "a domain no test registered is not relayed");
            assertTrue(in.readLine().startsWith("354 "));
            out.write("Subject: dots\r\n\r\n..a line that began with a dot\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(in.readLine().startsWith("250 2.0.0 "));
            assertTrue(in.readLine().startsWith("221 "));
        }

        ReceivedMessage message = domain.awaitMessages(1, WAIT).getFirst();
        assertEquals("", message.mailFrom());
        assertEquals("BODY=8BITMIME RET=HDRS ENVID=x1", message.mailParameters());
        assertEquals(Map.of("one@" + partner, "NOTIFY=FAILURE ORCPT=rfc822;one@" + partner), message.rcptParameters());
        assertArrayEquals("Subject: dots\r\n\r\n.a line that began with a dot\r\n".getBytes(StandardCharsets.US_ASCII), message.data());
        assertFalse(message.tls());
    }

    /** Sends as a relaying MTA would with Jakarta Mail: STARTTLS required, any certificate taken, partial sends allowed. */
    private static void send(String subject, String... recipients) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", RemoteMailServers.SINK_ADDRESS);
        properties.put("mail.smtp.port", Integer.toString(servers.smtpPort()));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.trust", "*");
        properties.put("mail.smtp.localhost", "relay.origin.test");
        properties.put("mail.smtp.from", "sender@origin.test");
        properties.put("mail.smtp.sendpartial", "true");
        properties.put("mail.smtp.timeout", "10000");
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("sender@origin.test"));
        for (String recipient : recipients) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText("Across the test internet.\r\n");
        Transport.send(message);
    }

    /** A multi-line reply's lines. */
    private static List<String> replies(BufferedReader in) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line.charAt(3) == '-');
        return lines;
    }
}
