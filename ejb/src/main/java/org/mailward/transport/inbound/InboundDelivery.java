package org.mailward.transport.inbound;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.directory.Addresses;
import org.mailward.directory.account.Account;
import org.mailward.directory.routing.Destination;
import org.mailward.directory.routing.Expansion;
import org.mailward.directory.routing.Recipients;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.blob.BlobStoreFailure;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageSummaries;
import org.mailward.mailbox.store.MessageSummary;
import org.mailward.transport.outbound.Bounces;
import org.mailward.transport.outbound.OutboundThrottle;
import org.mailward.transport.outbound.Xtext;
import org.mailward.transport.outbound.report.Action;
import org.mailward.transport.outbound.report.RecipientReport;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;
import org.mailward.transport.spool.SpoolRecipient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Delivers accepted inbound messages in the caller's transaction: follows aliases (loops broken),
 * adds each message to each local recipient's INBOX (the body is shared, not copied), queues
 * the remote addresses on {@code mail.outbound} and bounces the addresses that no longer exist. A failure rolls all of it back, with the JMS
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

    @Inject
    private Bounces bounces;

    @Inject
    private OutboundThrottle throttle;

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
            queueRemote(message, expansion.remote());
        }
        LOG.info(() -> "Mailward delivered " + spoolId + " to " + expansion.accounts().size() + " mailbox(es)"
                + (expansion.remote().isEmpty() ? "" : ", " + expansion.remote().size() + " remote address(es) queued"));
        if (!expansion.undeliverable().isEmpty()) {
            // The directory changed between RCPT and delivery, or an alias loops.
            LOG.warning(() -> "Mailward could not deliver " + spoolId + " from <" + message.sender() + "> to "
                    + expansion.undeliverable().stream().map(Expansion.Undeliverable::toString).collect(Collectors.joining(", ")));
            bounceVanished(message, expansion.undeliverable());
        }
    }

    /**
     * Bounces the envelope recipients that lead nowhere now. An alias's own target that does not
     * is the alias owner's matter, only logged: the sender knows nothing of it, and must not learn it.
     */
    private void bounceVanished(SpoolMessage message, List<Expansion.Undeliverable> undeliverable) {
        Instant now = Instant.now();
        List<RecipientReport> reports = new ArrayList<>();
        for (Expansion.Undeliverable failed : undeliverable) {
            message.recipients().stream().filter(recipient -> recipient.address().equalsIgnoreCase(failed.address()))
                    .findFirst().filter(recipient -> Bounces.wanted(recipient, "FAILURE"))
                    .ifPresent(recipient -> reports.add(new RecipientReport(recipient.address(), Xtext.decode(recipient.originalRecipient()),
                            Action.FAILED, failed.status(), null, null, now, null)));
        }
        bounces.report(message, reports);
    }

    /**
     * Queues the remote addresses, one outbound row per destination domain: each is attempted,
     * retried and throttled on its own, and one connection carries all of a domain's recipients.
     * The sender's hourly limits count the message once, whatever its domains; under the delay
     * action its rows wait until it fits.
     */
    private void queueRemote(SpoolMessage message, List<String> remote) {
        Map<String, List<SpoolRecipient>> byDomain = new LinkedHashMap<>();
        for (String address : remote) {
            byDomain.computeIfAbsent(Addresses.domainOf(address).toLowerCase(Locale.ROOT), domain -> new ArrayList<>())
                    .add(given(message.recipients(), address));
        }
        Instant now = Instant.now();
        Instant fits = throttle.admit(limits(message.account()), message.size(), now);
        spool.enqueue(byDomain.values().stream()
                .map(recipients -> {
                    SpoolMessage row = new SpoolMessage(SpoolMessage.newId(), SpoolMessage.Direction.OUTBOUND, message.blob(),
                            message.size(), message.sender(), recipients)
                            .from(message.clientAddress(), message.clientHelo(), message.account())
                            .dsn(message.dsnReturn(), message.dsnEnvelopeId());
                    if (fits.isAfter(now)) {
                        row.heldUntil(fits, "throttled: the sender's hourly sending limit is reached");
                    }
                    return row;
                })
                .toList());
    }

    /** The throttling of the user who submitted a message; none for mail that came in from outside. */
    private OutboundThrottle.Limits limits(String account) {
        return account != null && recipients.resolve(account) instanceof Destination.Mailbox mailbox
                ? throttle.limitsOf(mailbox.account()) : OutboundThrottle.Limits.NONE;
    }

    /** The envelope's recipient for an address, with its DSN parameters; an address an alias led to has none. */
    private static SpoolRecipient given(List<SpoolRecipient> envelope, String address) {
        return envelope.stream().filter(recipient -> recipient.address().equalsIgnoreCase(address)).findFirst()
                .orElseGet(() -> new SpoolRecipient(address, null, null));
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
