package org.mailward.transport.inbound;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.directory.account.Account;
import org.mailward.directory.routing.Expansion;
import org.mailward.directory.routing.Recipients;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.blob.BlobStoreFailure;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageSummaries;
import org.mailward.mailbox.store.MessageSummary;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;
import org.mailward.transport.spool.SpoolRecipient;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Delivers accepted inbound messages in the caller's transaction: follows aliases (loops broken),
 * adds each message to each local recipient's INBOX (the body is shared, not copied) and queues
 * the remote addresses on {@code mail.outbound}. A failure rolls all of it back, with the JMS
 * message that carried them, and the queue redelivers; nobody gets a message twice.
 * <p>
 * Quota was checked when the recipient was accepted; a message accepted then is delivered even if
 * other mail filled the mailbox meanwhile, rather than bounced.
 */
@Stateless
public class InboundDelivery {

    private static final Logger LOG = Logger.getLogger(InboundDelivery.class.getName());

    @Inject
    private Spool spool;

    @Inject
    private Recipients recipients;

    @Inject
    private MailboxStore store;

    @Inject
    private BlobStore blobs;

    /** Delivers the accepted messages, all in the caller's transaction. */
    public void deliver(List<SpoolMessage> messages) {
        messages.forEach(this::deliver);
    }

    private void deliver(SpoolMessage message) {
        String spoolId = message.id();
        MessageSummary summary = message.summary() != null ? message.summary() : summaryFromBlob(message);
        List<SpoolRecipient> envelope = message.recipients();
        Expansion expansion = recipients.expand(envelope.stream().map(SpoolRecipient::address).toList());
        for (Account account : expansion.accounts()) {
            store.deliver(account, message.blob(), message.size(), summary, message.receivedAt());
        }
        if (!expansion.remote().isEmpty()) {
            Map<String, SpoolRecipient> given = envelope.stream()
                    .collect(Collectors.toMap(r -> r.address().toLowerCase(), Function.identity(), (a, b) -> a));
            List<SpoolRecipient> remote = expansion.remote().stream()
                    .map(address -> given.getOrDefault(address.toLowerCase(), new SpoolRecipient(address, null, null)))
                    .toList();
            spool.enqueue(List.of(new SpoolMessage(SpoolMessage.newId(), SpoolMessage.Direction.OUTBOUND, message.blob(),
                    message.size(), message.sender(), remote).dsn(message.dsnReturn(), message.dsnEnvelopeId())));
        }
        LOG.info(() -> "Mailward delivered " + spoolId + " to " + expansion.accounts().size() + " mailbox(es)"
                + (expansion.remote().isEmpty() ? "" : ", " + expansion.remote().size() + " remote address(es) queued"));
        if (!expansion.undeliverable().isEmpty()) {
            // The directory changed between RCPT and delivery (or an alias loops). Bounces come with outbound delivery.
            LOG.warning(() -> "Mailward could not deliver " + spoolId + " from <" + message.sender() + "> to "
                    + String.join(", ", expansion.undeliverable()));
        }
    }

    /** For mail queued by a build that did not carry the summary in the JSON (ADR 0016). */
    private MessageSummary summaryFromBlob(SpoolMessage message) {
        try (InputStream in = blobs.open(message.blob())) {
            return MessageSummaries.parse(in);
        } catch (IOException e) {
            throw new BlobStoreFailure("Cannot read accepted message " + message.id(), e);
        }
    }
}
