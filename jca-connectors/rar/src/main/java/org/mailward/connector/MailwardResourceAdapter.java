package org.mailward.connector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.transaction.xa.XAResource;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;

import org.mailward.connector.imap.AccountConnections;
import org.mailward.connector.imap.ImapSession;
import org.mailward.connector.net.ConnectionLimits;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ListenerAcceptor;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.TlsContextFactory;
import org.mailward.connector.pop3.Pop3Session;
import org.mailward.connector.smtp.SmtpSession;
import org.mailward.connector.spi.ListenerStatus;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.smtp.SmtpBackend;

/**
 * The Mailward protocol listeners as a JCA resource adapter.
 * <ul>
 * <li>Groups: the SMTP backend MDB's activation opens smtp, submission and smtps; the mailbox
 * backend MDB's opens imap, imaps, pop3 and pop3s. Deactivation closes them and their connections.</li>
 * <li>Threads: each accept loop is a container {@code Work}; each connection runs on a virtual
 * thread of an executor this adapter owns, because a mail server holds thousands of mostly idle
 * connections that a container pool should not carry.</li>
 * <li>Endpoints: only the factory is kept, per group; every backend call borrows an endpoint.</li>
 * <li>Trust boundary: socket input is untrusted and never leaves the protocol sessions unparsed.</li>
 * </ul>
 * A port of 0 or less disables that listener. A listener that cannot bind or lacks its keystore
 * is logged and reported as not listening, never fatal to the others.
 */
@Connector(displayName = "Mailward protocol listeners", vendorName = "Mailward", eisType = "Internet mail",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class MailwardResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(MailwardResourceAdapter.class.getName());
    private static final long STOP_GRACE_SECONDS = 5;

    private enum Protocol {
        SMTP(SmtpBackend.class, true), IMAP(MailboxBackend.class, true), POP3(MailboxBackend.class, true);

        private final Class<?> backend;
        private final boolean startTls;

        Protocol(Class<?> backend, boolean startTls) {
            this.backend = backend;
            this.startTls = startTls;
        }
    }

    private record Definition(String name, Protocol protocol, boolean implicitTls, int port) {
        /** Whether the listener needs the TLS context: implicit TLS, or a plain listener whose protocol offers STARTTLS. */
        boolean usesTls() {
            return implicitTls || protocol.startTls;
        }
    }

    @ConfigProperty(defaultValue = "127.0.0.1", description = "Address every listener binds to")
    private String bindAddress = "127.0.0.1";
    @ConfigProperty(defaultValue = "2525", description = "SMTP (MX) port; 0 disables")
    private Integer smtpPort = 2525;
    @ConfigProperty(defaultValue = "2587", description = "Submission port; 0 disables")
    private Integer submissionPort = 2587;
    @ConfigProperty(defaultValue = "2465", description = "Submission over implicit TLS port; 0 disables")
    private Integer smtpsPort = 2465;
    @ConfigProperty(defaultValue = "2143", description = "IMAP port; 0 disables")
    private Integer imapPort = 2143;
    @ConfigProperty(defaultValue = "2993", description = "IMAP over implicit TLS port; 0 disables")
    private Integer imapsPort = 2993;
    @ConfigProperty(defaultValue = "2110", description = "POP3 port; 0 disables")
    private Integer pop3Port = 2110;
    @ConfigProperty(defaultValue = "2995", description = "POP3 over implicit TLS port; 0 disables")
    private Integer pop3sPort = 2995;
    @ConfigProperty(description = "Keystore of the implicit-TLS listeners; empty leaves them off")
    private String keystorePath = "";
    @ConfigProperty(description = "Keystore and key password", confidential = true)
    private String keystorePassword = "";
    @ConfigProperty(defaultValue = "PKCS12", description = "Keystore type")
    private String keystoreType = "PKCS12";
    @ConfigProperty(defaultValue = "300", description = "Seconds a client may stay silent before it is disconnected")
    private Integer idleTimeoutSeconds = 300;
    @ConfigProperty(defaultValue = "8192", description = "Longest command line accepted, in bytes")
    private Integer maxLineLength = 8192;
    @ConfigProperty(defaultValue = "180", description = "Seconds a client may stay silent while sending message data, or leave a reply unread")
    private Integer dataTimeoutSeconds = 180;
    @ConfigProperty(defaultValue = "2000", description = "Connections one listener serves at once")
    private Integer maxConnections = 2000;
    @ConfigProperty(defaultValue = "20", description = "Connections one client address may hold on one listener")
    private Integer maxConnectionsPerAddress = 20;

    private final Map<Class<?>, MessageEndpointFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, ListenerAcceptor> acceptors = new ConcurrentHashMap<>();
    private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();
    /** The logged-in sessions of the imap and imaps listeners together, by account. */
    private final AccountConnections imapAccounts = new AccountConnections();
    private volatile BootstrapContext bootstrapContext;

    @Override
    public void start(BootstrapContext context) {
        // Nothing listens yet: a listener without its backend could only turn clients away.
        this.bootstrapContext = context;
    }

    @Override
    public void stop() {
        factories.clear();
        acceptors.values().forEach(ListenerAcceptor::shutdown);
        acceptors.clear();
        executors.values().forEach(ExecutorService::shutdownNow);
        try {
            for (ExecutorService executor : executors.values()) {
                executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executors.clear();
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof ListenerActivationSpec listenerSpec)) {
            throw new NotSupportedException("Not a Mailward activation spec: " + spec);
        }
        Class<?> backend = listenerSpec.messageListener();
        if (factories.putIfAbsent(backend, factory) != null) {
            throw new NotSupportedException("A " + backend.getSimpleName() + " endpoint is already active");
        }
        List<Definition> group = definitions().stream()
                .filter(d -> d.protocol().backend == backend && d.port() > 0)
                .toList();
        List<Definition> secured = group.stream().filter(Definition::usesTls).toList();
        Optional<SSLContext> tls = secured.isEmpty() ? Optional.empty() : tlsContext(secured);
        for (Definition definition : group) {
            if (!definition.implicitTls() || tls.isPresent()) {
                SSLContext context = definition.usesTls() ? tls.orElse(null) : null;
                open(definition, sessions(definition.protocol(), factory, !definition.implicitTls() && context != null), context);
            }
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        if (!(spec instanceof ListenerActivationSpec listenerSpec) || !factories.remove(listenerSpec.messageListener(), factory)) {
            return;
        }
        definitions().stream()
                .filter(definition -> definition.protocol().backend == listenerSpec.messageListener())
                .map(definition -> acceptors.remove(definition.name()))
                .filter(Objects::nonNull)
                .forEach(ListenerAcceptor::shutdown);
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null; // NoTransaction: nothing to recover
    }

    /** Every listener, configured or not, in the order {@code ListenerDirectory} promises. */
    List<ListenerStatus> listenerStatuses() {
        return definitions().stream().map(definition -> {
            ListenerAcceptor acceptor = acceptors.get(definition.name());
            return new ListenerStatus(definition.name(), bindAddress, definition.port(), definition.implicitTls(),
                    acceptor != null && acceptor.isListening(), acceptor == null ? 0 : acceptor.activeConnections());
        }).toList();
    }

    private List<Definition> definitions() {
        return List.of(
                new Definition("smtp", Protocol.SMTP, false, smtpPort),
                new Definition("submission", Protocol.SMTP, false, submissionPort),
                new Definition("smtps", Protocol.SMTP, true, smtpsPort),
                new Definition("imap", Protocol.IMAP, false, imapPort),
                new Definition("imaps", Protocol.IMAP, true, imapsPort),
                new Definition("pop3", Protocol.POP3, false, pop3Port),
                new Definition("pop3s", Protocol.POP3, true, pop3sPort));
    }

    private Supplier<ProtocolSession> sessions(Protocol protocol, MessageEndpointFactory factory, boolean startTls) {
        return switch (protocol) {
            case SMTP -> sessions(new EndpointInvoker<>(factory, SmtpBackend.class), backend -> new SmtpSession(backend, startTls));
            case IMAP -> sessions(new EndpointInvoker<>(factory, MailboxBackend.class),
                    backend -> new ImapSession(backend, startTls, imapAccounts));
            case POP3 -> sessions(new EndpointInvoker<>(factory, MailboxBackend.class), backend -> new Pop3Session(backend, startTls));
        };
    }

    private static <L> Supplier<ProtocolSession> sessions(EndpointInvoker<L> backend,
                                                          Function<EndpointInvoker<L>, ProtocolSession> session) {
        return () -> session.apply(backend);
    }

    private Optional<SSLContext> tlsContext(List<Definition> group) {
        String effect = group.stream().map(definition -> definition.name()
                + (definition.implicitTls() ? " not listening" : " without STARTTLS")).collect(Collectors.joining(", "));
        if (keystorePath.isBlank()) {
            LOG.warning("Mailward " + effect + ": keystorePath is empty");
            return Optional.empty();
        }
        try {
            return Optional.of(TlsContextFactory.fromKeystore(Path.of(keystorePath), keystorePassword.toCharArray(), keystoreType));
        } catch (IOException | GeneralSecurityException | InvalidPathException e) {
            LOG.warning("Mailward " + effect + ": cannot load keystore " + keystorePath + ": " + e);
            return Optional.empty();
        }
    }

    private void open(Definition definition, Supplier<ProtocolSession> sessions, SSLContext tls) {
        String address = bindAddress + ":" + definition.port();
        ServerSocket serverSocket;
        try {
            serverSocket = bind(definition.port());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("Mailward " + definition.name() + " not listening: cannot bind " + address + ": " + e.getMessage());
            return;
        }
        ListenerAcceptor acceptor = new ListenerAcceptor(definition.name(), serverSocket, tls, definition.implicitTls(), sessions,
                executor(definition.name()), new ConnectionLimits(Duration.ofSeconds(idleTimeoutSeconds),
                Duration.ofSeconds(dataTimeoutSeconds), maxLineLength, maxConnections, maxConnectionsPerAddress));
        acceptors.put(definition.name(), acceptor);
        try {
            bootstrapContext.getWorkManager().startWork(acceptor);
        } catch (WorkException e) {
            acceptors.remove(definition.name(), acceptor);
            acceptor.shutdown();
            LOG.warning("Mailward " + definition.name() + " not listening on " + address + ": work manager refused the accept loop: " + e);
        }
    }

    private ServerSocket bind(int port) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            // Lets a redeploy rebind at once while old connections sit in TIME_WAIT.
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(bindAddress, port));
            return serverSocket;
        } catch (IOException | IllegalArgumentException e) {
            serverSocket.close();
            throw e;
        }
    }

    private ExecutorService executor(String listener) {
        return executors.computeIfAbsent(listener,
                name -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mailward-" + name + "-", 0).factory()));
    }

    // Equality by configuration, as the Connectors spec asks of a resource adapter bean.
    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass()
                && configuration().equals(((MailwardResourceAdapter) other).configuration());
    }

    @Override
    public int hashCode() {
        return configuration().hashCode();
    }

    private List<Object> configuration() {
        return Arrays.asList(bindAddress, smtpPort, submissionPort, smtpsPort, imapPort, imapsPort, pop3Port, pop3sPort,
                keystorePath, keystorePassword, keystoreType, idleTimeoutSeconds, maxLineLength,
                dataTimeoutSeconds, maxConnections, maxConnectionsPerAddress);
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public Integer getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(Integer smtpPort) {
        this.smtpPort = smtpPort;
    }

    public Integer getSubmissionPort() {
        return submissionPort;
    }

    public void setSubmissionPort(Integer submissionPort) {
        this.submissionPort = submissionPort;
    }

    public Integer getSmtpsPort() {
        return smtpsPort;
    }

    public void setSmtpsPort(Integer smtpsPort) {
        this.smtpsPort = smtpsPort;
    }

    public Integer getImapPort() {
        return imapPort;
    }

    public void setImapPort(Integer imapPort) {
        this.imapPort = imapPort;
    }

    public Integer getImapsPort() {
        return imapsPort;
    }

    public void setImapsPort(Integer imapsPort) {
        this.imapsPort = imapsPort;
    }

    public Integer getPop3Port() {
        return pop3Port;
    }

    public void setPop3Port(Integer pop3Port) {
        this.pop3Port = pop3Port;
    }

    public Integer getPop3sPort() {
        return pop3sPort;
    }

    public void setPop3sPort(Integer pop3sPort) {
        this.pop3sPort = pop3sPort;
    }

    public String getKeystorePath() {
        return keystorePath;
    }

    public void setKeystorePath(String keystorePath) {
        this.keystorePath = keystorePath;
    }

    public String getKeystorePassword() {
        return keystorePassword;
    }

    public void setKeystorePassword(String keystorePassword) {
        this.keystorePassword = keystorePassword;
    }

    public String getKeystoreType() {
        return keystoreType;
    }

    public void setKeystoreType(String keystoreType) {
        this.keystoreType = keystoreType;
    }

    public Integer getIdleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    public void setIdleTimeoutSeconds(Integer idleTimeoutSeconds) {
        this.idleTimeoutSeconds = idleTimeoutSeconds;
    }

    public Integer getMaxLineLength() {
        return maxLineLength;
    }

    public void setMaxLineLength(Integer maxLineLength) {
        this.maxLineLength = maxLineLength;
    }

    public Integer getDataTimeoutSeconds() {
        return dataTimeoutSeconds;
    }

    public void setDataTimeoutSeconds(Integer dataTimeoutSeconds) {
        this.dataTimeoutSeconds = dataTimeoutSeconds;
    }

    public Integer getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(Integer maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Integer getMaxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    public void setMaxConnectionsPerAddress(Integer maxConnectionsPerAddress) {
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
    }
}
