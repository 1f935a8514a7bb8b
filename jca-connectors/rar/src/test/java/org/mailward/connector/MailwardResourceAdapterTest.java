package org.mailward.connector;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import jakarta.resource.NotSupportedException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailward.connector.spi.ListenerStatus;
import org.mailward.connector.testing.FakeBootstrapContext;
import org.mailward.connector.testing.FakeEndpointFactory;
import org.mailward.connector.testing.TestClient;

class MailwardResourceAdapterTest {

    private final MailwardResourceAdapter adapter = new MailwardResourceAdapter();
    private final MailwardListenerDirectory directory = new MailwardListenerDirectory();

    @BeforeEach
    void start() {
        // Every test picks its own ports: the defaults may be taken on a developer's machine.
        adapter.setSmtpPort(0);
        adapter.setSubmissionPort(0);
        adapter.setSmtpsPort(0);
        adapter.setImapPort(0);
        adapter.setImapsPort(0);
        adapter.setPop3Port(0);
        adapter.setPop3sPort(0);
        adapter.start(new FakeBootstrapContext());
        directory.setResourceAdapter(adapter);
    }

    @AfterEach
    void stop() {
        adapter.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private Map<String, ListenerStatus> statuses() {
        return directory.listeners().stream().collect(Collectors.toMap(ListenerStatus::name, status -> status));
    }

    @Test
    void hasTheDocumentedDefaults() {
        MailwardResourceAdapter defaults = new MailwardResourceAdapter();
        assertEquals(List.of("127.0.0.1", 2525, 2587, 2465, 2143, 2993, 2110, 2995, "", "", "PKCS12", 300, 8192),
                List.of(defaults.getBindAddress(), defaults.getSmtpPort(), defaults.getSubmissionPort(), defaults.getSmtpsPort(),
                        defaults.getImapPort(), defaults.getImapsPort(), defaults.getPop3Port(), defaults.getPop3sPort(),
                        defaults.getKeystorePath(), defaults.getKeystorePassword(), defaults.getKeystoreType(),
                        defaults.getIdleTimeoutSeconds(), defaults.getMaxLineLength()));
    }

    @Test
    void listsEveryListenerInOrderAndNoneListensBeforeActivation() {
        List<ListenerStatus> listeners = directory.listeners();

        assertEquals(List.of("smtp", "submission", "smtps", "imap", "imaps", "pop3", "pop3s"),
                listeners.stream().map(ListenerStatus::name).toList());
        assertEquals(List.of(false, false, true, false, true, false, true),
                listeners.stream().map(ListenerStatus::implicitTls).toList());
        assertTrue(listeners.stream().noneMatch(ListenerStatus::listening));
    }

    @Test
    void smtpActivationOpensThePlainListenersAndDeactivationClosesThem() throws Exception {
        int smtp = freePort();
        adapter.setSmtpPort(smtp);
        adapter.setSubmissionPort(freePort());
        adapter.setSmtpsPort(freePort()); // no keystore: stays off
        adapter.setImapPort(freePort()); // another group: stays off
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("mx.example.org ESMTP");
        SmtpActivationSpec spec = new SmtpActivationSpec();

        adapter.endpointActivation(factory, spec);

        Map<String, ListenerStatus> listening = statuses();
        assertEquals(new ListenerStatus("smtp", "127.0.0.1", smtp, false, true, 0), listening.get("smtp"));
        assertTrue(listening.get("submission").listening());
        assertEquals(false, listening.get("smtps").listening());
        assertEquals(false, listening.get("imap").listening());

        try (TestClient client = TestClient.connect(smtp)) {
            assertEquals("220 mx.example.org ESMTP", client.readLine());
            assertEquals(1, statuses().get("smtp").activeConnections());

            adapter.endpointDeactivation(factory, spec);

            assertNull(client.readLine());
        }
        assertTrue(statuses().values().stream().noneMatch(ListenerStatus::listening));

        // A redeployed MDB activates again on the same ports.
        adapter.endpointActivation(factory, spec);
        try (TestClient client = TestClient.connect(smtp)) {
            assertEquals("220 mx.example.org ESMTP", client.readLine());
        }
    }

    @Test
    void aBusyPortLeavesOnlyThatListenerDown() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            adapter.setSmtpPort(squatter.getLocalPort());
            adapter.setSubmissionPort(freePort());

            assertDoesNotThrow(() -> adapter.endpointActivation(FakeEndpointFactory.welcoming("mx"), new SmtpActivationSpec()));

            assertEquals(false, statuses().get("smtp").listening());
            assertTrue(statuses().get("submission").listening());
        }
    }

    @Test
    void aSecondEndpointForTheSameGroupIsRefused() throws Exception {
        adapter.endpointActivation(FakeEndpointFactory.welcoming("mx"), new MailboxActivationSpec());

        assertThrows(NotSupportedException.class,
                () -> adapter.endpointActivation(FakeEndpointFactory.welcoming("mx"), new MailboxActivationSpec()));
    }

    @Test
    void implicitTlsListenersServeTlsFromTheFirstByte(@TempDir Path dir) throws Exception {
        adapter.setKeystorePath(keystore(dir).toString());
        adapter.setKeystorePassword("changeit");
        int imaps = freePort();
        int pop3s = freePort();
        adapter.setImapsPort(imaps);
        adapter.setPop3sPort(pop3s);
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Mailward ready");

        adapter.endpointActivation(factory, new MailboxActivationSpec());

        SSLContext trustAll = trustingClient();
        try (TestClient client = new TestClient(trustAll.getSocketFactory().createSocket("127.0.0.1", imaps))) {
            assertEquals("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE SASL-IR AUTH=PLAIN] Mailward ready", client.readLine());
            assertEquals(new ListenerStatus("imaps", "127.0.0.1", imaps, true, true, 1), statuses().get("imaps"));
            client.send("l LOGIN alice secret");
            assertEquals("l NO [AUTHENTICATIONFAILED] Invalid credentials", client.readLine());
            client.send("a LOGOUT");
            assertEquals("* BYE Mailward IMAP server logging out", client.readLine());
        }
        assertTrue(factory.logins.get(0).connection().tls());
        assertEquals("imaps", factory.lastConnection.listener());
        assertTrue(factory.lastConnection.tls());
        try (TestClient client = new TestClient(trustAll.getSocketFactory().createSocket("127.0.0.1", pop3s))) {
            assertEquals("+OK Mailward ready", client.readLine());
        }
    }

    @Test
    void anUnreadableKeystoreLeavesOnlyTheTlsListenersDown(@TempDir Path dir) throws Exception {
        adapter.setKeystorePath(dir.resolve("missing.p12").toString());
        adapter.setImapPort(freePort());
        adapter.setImapsPort(freePort());
        adapter.setPop3Port(freePort());
        adapter.setPop3sPort(freePort());

        adapter.endpointActivation(FakeEndpointFactory.welcoming("ready"), new MailboxActivationSpec());

        Map<String, ListenerStatus> listening = statuses();
        assertTrue(listening.get("imap").listening());
        assertTrue(listening.get("pop3").listening());
        assertEquals(false, listening.get("imaps").listening());
        assertEquals(false, listening.get("pop3s").listening());
    }

    @Test
    void stopClosesEverything() throws Exception {
        int pop3 = freePort();
        adapter.setPop3Port(pop3);
        adapter.endpointActivation(FakeEndpointFactory.welcoming("ready"), new MailboxActivationSpec());
        try (TestClient client = TestClient.connect(pop3)) {
            assertEquals("+OK ready", client.readLine());

            adapter.stop();

            assertNull(client.readLine());
        }
        assertTrue(statuses().values().stream().noneMatch(ListenerStatus::listening));
    }

    @Test
    void equalityFollowsTheConfiguration() {
        MailwardResourceAdapter one = new MailwardResourceAdapter();
        MailwardResourceAdapter two = new MailwardResourceAdapter();
        assertEquals(one, two);
        assertEquals(one.hashCode(), two.hashCode());

        two.setImapPort(143);
        assertNotEquals(one, two);
    }

    @Test
    void aDirectoryWithoutItsAdapterCannotAnswer() {
        assertThrows(IllegalStateException.class, () -> new MailwardListenerDirectory().listeners());
    }

    private static Path keystore(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("mailward.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mailward", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, keytool.waitFor());
        return keystore;
    }

    // The test's self-signed certificate is trusted blindly; certificate checks are not under test here.
    private static SSLContext trustingClient() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }
}
