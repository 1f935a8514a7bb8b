package org.mailward.transport.outbound;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.directory.Addresses;
import org.mailward.directory.settings.HostAndPort;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.transport.dkim.DkimSigning;
import org.mailward.transport.outbound.dns.MailHost;
import org.mailward.transport.outbound.dns.MxResolver;
import org.mailward.transport.outbound.dns.Route;
import org.mailward.transport.outbound.smtp.Envelope;
import org.mailward.transport.outbound.smtp.EnvelopeRecipient;
import org.mailward.transport.outbound.smtp.MessageContent;
import org.mailward.transport.outbound.smtp.SmtpClient;
import org.mailward.transport.outbound.smtp.SmtpReply;
import org.mailward.transport.outbound.smtp.SmtpResult;
import org.mailward.transport.outbound.smtp.SmtpTarget;
import org.mailward.transport.outbound.smtp.TlsPolicy;
import org.mailward.transport.spool.SpoolRecipient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One attempt at an outbound row: for each destination domain (one
 * connection carries all of a domain's recipients) the smart host or the MX hosts in turn, with
 * the message DKIM-signed in front of its stored bytes. The outcome goes to {@link OutboundLedger}.
 * <p>
 * The resolver and the port are infrastructure, set in {@code mailward.properties}:
 * {@code mailward.outbound.dns-servers} (default: the system's) and
 * {@code mailward.outbound.smtp-port} (default 25); the tests point both at servers of their own.
 */
@ApplicationScoped
public class RemoteDelivery {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** RFC 5321 section 4.5.3.2 asks for at least 5 minutes for most replies. */
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DNS_TIMEOUT = Duration.ofSeconds(10);
    /** A held-back row comes back after this and up to twice this, so that they do not all come back at once. */
    private static final long BUSY_HOLD_MS = 5_000;
    /** Recipients in one SMTP transaction; RFC 5321 section 4.5.3.1.8 asks servers to take at least 100. */
    private static final int MOST_RECIPIENTS = 100;
    /** MX hosts tried in one attempt; RFC 5321 section 5.1 leaves the number to the client. */
    private static final int MOST_HOSTS = 5;

    @Inject
    private OutboundLedger ledger;

    @Inject
    private DestinationConnections connections;

    @Inject
    private BlobStore blobs;

    @Inject
    private DkimSigning dkim;

    @Inject
    private SystemSettings settings;

    @Inject
    private ServerSettings server;

    private MxResolver resolver;
    private int smtpPort;

    @PostConstruct
    void start() {
        resolver = new MxResolver(MxResolver.servers(System.getProperty("mailward.outbound.dns-servers", "")), DNS_TIMEOUT);
        smtpPort = Integer.getInteger("mailward.outbound.smtp-port", 25);
    }

    public void attempt(String id, int generation) {
        Optional<OutboundAttempt> claimed = ledger.claim(id, generation);
        if (claimed.isEmpty()) {
            return; // delivered, bounced or deleted, or a retry superseded this message
        }
        OutboundAttempt attempt = claimed.get();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        try {
            MessageContent content = signed(attempt);
            for (Map.Entry<String, List<SpoolRecipient>> destination : byDomain(attempt.recipients()).entrySet()) {
                Optional<List<RecipientOutcome>> sent = send(attempt, destination.getKey(), destination.getValue(), content);
                if (sent.isEmpty() && outcomes.isEmpty()) {
                    // Not an attempt: the row comes back within seconds, in turn with the others for that destination.
                    ledger.postpone(attempt, Instant.now().plusMillis(BUSY_HOLD_MS + ThreadLocalRandom.current().nextLong(BUSY_HOLD_MS)),
                            "waiting for a free connection to " + destination.getKey());
                    return;
                }
                outcomes.addAll(sent.orElseGet(() -> all(destination.getValue(), RecipientOutcome.Kind.DEFERRED, "4.4.5",
                        "all connections to " + destination.getKey() + " are busy", null)));
            }
        } catch (IOException | UncheckedIOException e) {
            // Our blob store, not the remote side: every recipient waits for the next attempt.
            attempt.recipients().forEach(recipient -> outcomes.add(new RecipientOutcome(recipient.address(),
                    RecipientOutcome.Kind.DEFERRED, "4.3.0", null, "the message could not be read: " + e.getMessage(), null, false)));
        }
        ledger.record(attempt, outcomes);
    }

    /** The recipients of each destination domain, in envelope order. */
    private static Map<String, List<SpoolRecipient>> byDomain(List<SpoolRecipient> recipients) {
        Map<String, List<SpoolRecipient>> domains = new LinkedHashMap<>();
        for (SpoolRecipient recipient : recipients) {
            domains.computeIfAbsent(Addresses.domainOf(recipient.address()).toLowerCase(Locale.ROOT), key -> new ArrayList<>())
                    .add(recipient);
        }
        return domains;
    }

    /**
     * The stored message without its Return-Path, with the sender domain's DKIM signatures in
     * front; the stored bytes are never changed.
     */
    private MessageContent signed(OutboundAttempt attempt) throws IOException {
        int returnPath;
        try (InputStream stored = blobs.open(attempt.blob())) {
            returnPath = ReturnPath.leadingLength(stored);
        }
        MessageContent.IOSupplier<InputStream> relayed = () -> ReturnPath.skip(blobs.open(attempt.blob()), returnPath);
        byte[] signatures = attempt.signingDomain() == null ? new byte[0] : dkim.signatures(attempt.signingDomain(), relayed);
        return MessageContent.scan(attempt.size() - returnPath + signatures.length,
                () -> new SequenceInputStream(new ByteArrayInputStream(signatures), relayed.get()));
    }

    /**
     * The outcomes for one destination domain's recipients; empty when all connections to it are
     * busy. No session waits for a connection: a backlog for one slow domain must not hold the
     * sessions that other domains' mail needs.
     */
    private Optional<List<RecipientOutcome>> send(OutboundAttempt attempt, String domain, List<SpoolRecipient> recipients,
                                                  MessageContent content) {
        Relay relay = attempt.relay();
        Route route = relay != null ? resolver.addresses(relay.host()) : resolver.mailHosts(domain);
        if (route instanceof Route.Permanent permanent) {
            return Optional.of(all(recipients, RecipientOutcome.Kind.FAILED, permanent.status(), permanent.reason(), null));
        }
        if (route instanceof Route.Temporary temporary) {
            return Optional.of(all(recipients, RecipientOutcome.Kind.DEFERRED, "4.4.3", temporary.reason(), null));
        }
        List<MailHost> hosts = ((Route.Hosts) route).hosts();
        int max = settings.number(Setting.OUTBOUND_MAX_CONNECTIONS_PER_DOMAIN);
        Optional<DestinationConnections.Slot> slot = connections.tryAcquire(relay != null ? relay.host() : domain, max);
        if (slot.isEmpty()) {
            return Optional.empty();
        }
        List<RecipientOutcome> outcomes = new ArrayList<>();
        try (DestinationConnections.Slot held = slot.get()) {
            // Servers refuse more than about 100 recipients a transaction (452): larger lists go in turns.
            for (int from = 0; from < recipients.size(); from += MOST_RECIPIENTS) {
                List<SpoolRecipient> some = recipients.subList(from, Math.min(recipients.size(), from + MOST_RECIPIENTS));
                Envelope envelope;
                try {
                    envelope = new Envelope(attempt.sender(), some.stream()
                            .map(recipient -> new EnvelopeRecipient(recipient.address(), recipient.dsnNotify(),
                                    Xtext.decode(recipient.originalRecipient())))
                            .toList(), attempt.dsnReturn(), Xtext.decode(attempt.dsnEnvelopeId()));
                } catch (IllegalArgumentException e) {
                    // An address or parameter that no SMTP command may carry: it will never go.
                    outcomes.addAll(all(some, RecipientOutcome.Kind.FAILED, "5.1.3", "the envelope cannot be sent: " + e.getMessage(), null));
                    continue;
                }
                outcomes.addAll(outcomes(tryHosts(hosts, relay, envelope, content)));
            }
        }
        return Optional.of(outcomes);
    }

    /** The hosts in turn, until one decides for the recipients. */
    private SmtpResult tryHosts(List<MailHost> hosts, Relay relay, Envelope envelope, MessageContent content) {
        SmtpResult result = null;
        for (MailHost host : hosts.subList(0, Math.min(MOST_HOSTS, hosts.size()))) {
            result = SmtpClient.deliver(target(host, relay, tlsPolicy(relay)), envelope, content);
            if (result.canTryNextHost() && relay == null && !result.tls() && tlsPolicy(null) == TlsPolicy.OPPORTUNISTIC
                    && handshakeFailed(result)) {
                // Opportunistic TLS that fails must not keep mail from a server that takes it in clear, as Postfix does.
                result = SmtpClient.deliver(target(host, null, TlsPolicy.NONE), envelope, content);
            }
            if (!result.canTryNextHost()) {
                break;
            }
        }
        return result;
    }

    private static boolean handshakeFailed(SmtpResult result) {
        // The client's own answer to a failed STARTTLS handshake; a server's 4.7.x refusal is no reason to go clear.
        return result.replies().values().stream().anyMatch(reply -> reply.enhancedStatus().equals("4.7.5"));
    }

    private SmtpTarget target(MailHost host, Relay relay, TlsPolicy tls) {
        return new SmtpTarget(host.name(), host.address(), relay != null ? relay.port() : smtpPort,
                relay != null && relay.tls().equals("implicit"), tls, server.hostname(), bindAddress(),
                relay == null ? null : relay.credentials(), CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    /** A relay with credentials is always verified: a password must not go to whoever answers with any certificate. */
    private TlsPolicy tlsPolicy(Relay relay) {
        String policy = relay != null ? relay.tls() : settings.value(Setting.OUTBOUND_TLS);
        return switch (policy) {
            case "verify", "implicit" -> TlsPolicy.VERIFY;
            case "none" -> TlsPolicy.NONE;
            default -> relay != null && relay.credentials() != null ? TlsPolicy.VERIFY : TlsPolicy.OPPORTUNISTIC;
        };
    }

    private InetAddress bindAddress() {
        String address = settings.value(Setting.OUTBOUND_BIND_ADDRESS);
        if (address.isEmpty()) {
            return null;
        }
        try {
            return HostAndPort.isAddressLiteral(address) ? InetAddress.getByName(address) : null;
        } catch (UnknownHostException e) {
            return null; // cannot happen for a literal the setting accepted
        }
    }

    private static List<RecipientOutcome> outcomes(SmtpResult result) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        result.replies().forEach((recipient, reply) -> outcomes.add(new RecipientOutcome(recipient.address(), kind(reply),
                reply.enhancedStatus(), reply.diagnostic(), null, result.remoteName(), result.remoteDsn())));
        return outcomes;
    }

    private static RecipientOutcome.Kind kind(SmtpReply reply) {
        return reply.positive() ? RecipientOutcome.Kind.DELIVERED
                : reply.permanentFailure() ? RecipientOutcome.Kind.FAILED : RecipientOutcome.Kind.DEFERRED;
    }

    private static List<RecipientOutcome> all(List<SpoolRecipient> recipients, RecipientOutcome.Kind kind, String status,
                                              String reason, String remote) {
        return recipients.stream().map(recipient -> new RecipientOutcome(recipient.address(), kind, status, null, reason, remote, false))
                .toList();
    }
}
