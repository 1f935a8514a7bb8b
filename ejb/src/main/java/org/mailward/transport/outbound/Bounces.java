package org.mailward.transport.outbound;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.routing.Recipients;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.blob.BlobStoreFailure;
import org.mailward.transport.outbound.report.DeliveryStatusNotification;
import org.mailward.transport.outbound.report.RecipientReport;
import org.mailward.transport.outbound.report.Report;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;
import org.mailward.transport.spool.SpoolRecipient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Sends delivery status notifications (RFC 3464) to the envelope sender of a spooled message, in
 * the caller's transaction: the notification is spooled as inbound mail from the null sender, so
 * it reaches a local sender's INBOX or goes out again to a remote one, and a notification that
 * fails is never answered by another. Nothing goes to the null sender, and only recipients whose
 * NOTIFY asks for it (RFC 3461; failures and delays by default, success when asked) are reported.
 */
@ApplicationScoped
public class Bounces {

    private static final Logger LOG = Logger.getLogger(Bounces.class.getName());
    /** The most of the original that RET=FULL returns; a larger message is returned as its headers. */
    private static final long MOST_RETURNED_BYTES = 10L * 1024 * 1024;
    private static final byte[] NULL_RETURN_PATH = "Return-Path: <>\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    private BlobStore blobs;

    @Inject
    private Spool spool;

    @Inject
    private ServerSettings server;

    @Inject
    private Recipients directory;

    /**
     * Whether a recipient's NOTIFY asks for a report of this kind: FAILURE or DELAY, both by
     * default; SUCCESS only when asked for (RFC 3461 section 4.1).
     */
    public static boolean wanted(SpoolRecipient recipient, String kind) {
        String notify = recipient.dsnNotify();
        boolean unset = notify == null || notify.isBlank();
        return unset ? !kind.equals("SUCCESS") : notify.toUpperCase(Locale.ROOT).contains(kind);
    }

    /** Reports {@code recipients} of {@code message} to its sender; does nothing for the null sender or an empty list. */
    public void report(SpoolMessage message, List<RecipientReport> recipients) {
        if (recipients.isEmpty()) {
            return;
        }
        if (message.sender().isEmpty()) {
            LOG.info(() -> "Mailward sends no delivery report for " + message.id() + ": its sender is the null sender");
            return;
        }
        String hostname = server.hostname();
        Report report = new Report(hostname, "postmaster@" + hostname, message.sender(), Xtext.decode(message.dsnEnvelopeId()),
                "FULL".equalsIgnoreCase(message.dsnReturn()), message.receivedAt(), recipients);
        ByteArrayOutputStream notification = new ByteArrayOutputStream();
        BlobStore.Stored stored;
        try {
            try (InputStream original = blobs.open(message.blob())) {
                DeliveryStatusNotification.write(report, original, MOST_RETURNED_BYTES, notification);
            }
            // A remote sender's report is kept under the server's name until it leaves, as submitted mail is.
            String blobDomain = directory.localDomain(message.sender()).map(Domain::name).orElse(hostname);
            // As local delivery writes it for mail that came by SMTP; remote delivery takes it off again.
            stored = blobs.put(blobDomain, new ByteArrayInputStream(NULL_RETURN_PATH),
                    new ByteArrayInputStream(notification.toByteArray()));
        } catch (IOException e) {
            throw new BlobStoreFailure("Cannot write the delivery report for " + message.id(), e);
        }
        String id = SpoolMessage.newId();
        spool.enqueue(List.of(new SpoolMessage(id, SpoolMessage.Direction.INBOUND, stored.id(), stored.size(), "",
                List.of(new SpoolRecipient(message.sender(), null, null)))));
        LOG.info(() -> "Mailward reports " + recipients.size() + " recipient(s) of " + message.id() + " to <"
                + message.sender() + "> as " + id);
    }
}
