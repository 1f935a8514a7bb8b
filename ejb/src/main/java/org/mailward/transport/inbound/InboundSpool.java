package org.mailward.transport.inbound;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.MessageContent;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.directory.Addresses;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.routing.Recipients;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.store.HeaderBlock;
import org.mailward.mailbox.store.MessageSummaries;
import org.mailward.transport.spool.GroupCommit;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;
import org.mailward.transport.spool.SpoolRecipient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Takes a received message in: writes it, with Return-Path and Received on top, to the blob store
 * (forced to disk), and puts its envelope, with the listing fields of its header, on
 * {@code mail.inbound}, all before the listener may
 * answer {@code 250}. The JMS message commits in a transaction of the broker alone (ADR 0016),
 * shared by the messages of other sessions that finished their DATA meanwhile
 * ({@link GroupCommit}); a failure anywhere means no {@code 250} and nothing queued.
 */
@ApplicationScoped
public class InboundSpool {

    /** RFC 5321 section 6.3: a message with this many Received fields is looping. Postfix uses 50 too. */
    static final int MAX_HOPS = 50;
    /** Messages per acceptance transaction at most; a batch also travels as one JMS message. */
    static final int MAX_BATCH = 32;
    private static final Logger LOG = Logger.getLogger(InboundSpool.class.getName());

    @Inject
    private ServerSettings server;

    @Inject
    private BlobStore blobs;

    @Inject
    private Spool spool;

    @Inject
    private Recipients recipients;

    private GroupCommit<SpoolMessage> intake;

    @PostConstruct
    void start() {
        intake = new GroupCommit<>(spool::enqueue, MAX_BATCH);
    }

    public SmtpReply accept(Envelope envelope, MessageContent content) {
        try {
            HeaderBlock headers = headers(content);
            if (headers.count("Received") >= MAX_HOPS) {
                return new SmtpReply(554, "5.4.6", "Too many hops: routing loop detected");
            }
            String id = SpoolMessage.newId();
            String client = envelope.connection().remote().getAddress().getHostAddress();
            String only = envelope.recipients().size() == 1 ? envelope.recipients().getFirst().address() : null;
            byte[] trace = ReceivedHeader.trace(envelope.sender(), envelope.helo(), client, server.hostname(),
                    envelope.esmtp(), envelope.connection().tls(), envelope.account() != null, envelope.smtpUtf8(),
                    id, only, ZonedDateTime.now(ZoneOffset.UTC));
            BlobStore.Stored stored;
            try (InputStream body = content.open()) {
                stored = blobs.put(blobDomain(envelope), new ByteArrayInputStream(trace), body);
            }
            List<SpoolRecipient> spoolRecipients = envelope.recipients().stream().map(InboundSpool::spoolRecipient).toList();
            intake.submit(new SpoolMessage(id, SpoolMessage.Direction.INBOUND, stored.id(), stored.size(),
                    envelope.sender(), spoolRecipients)
                    .from(client, envelope.helo(), envelope.account())
                    .summarised(MessageSummaries.of(headers))
                    .dsn(envelope.dsnReturn(), envelope.dsnEnvelopeId()));
            LOG.info(() -> "Mailward " + envelope.connection().listener() + " accepted " + id + " from " + client
                    + (envelope.account() == null ? "" : " (" + envelope.account() + ")") + ": <" + envelope.sender()
                    + "> to " + envelope.recipients().size() + " recipient(s), " + stored.size() + " bytes");
            return SmtpReply.ok("2.0.0", "Ok: queued as " + id);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Mailward cannot store a message from " + envelope.connection().remote() + ": " + e);
            return new SmtpReply(451, "4.3.0", "Could not store the message; try again later");
        }
    }

    /**
     * The first local recipient's domain holds the body; for mail only to remote addresses
     * (submission), the sender's; the server's own name if neither is known.
     */
    private String blobDomain(Envelope envelope) {
        for (Recipient recipient : envelope.recipients()) {
            Optional<Domain> local = recipients.localDomain(recipient.address());
            if (local.isPresent()) {
                return local.get().name();
            }
        }
        return envelope.account() == null ? server.hostname() : Addresses.domainOf(envelope.account()).toLowerCase(Locale.ROOT);
    }

    private static HeaderBlock headers(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return HeaderBlock.read(in);
        }
    }

    private static SpoolRecipient spoolRecipient(Recipient recipient) {
        return new SpoolRecipient(recipient.address(), recipient.dsnNotify(), recipient.originalRecipient());
    }
}
