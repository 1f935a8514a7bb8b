package org.mailward.transport.outbound;

import org.mailward.mailbox.blob.BlobId;
import org.mailward.transport.spool.SpoolRecipient;

import java.time.Instant;
import java.util.List;

/**
 * An outbound row as one attempt sees it, read in a short transaction of its own so that no
 * database connection waits on a remote server.
 *
 * @param generation   the row's attempt generation when it was read; an attempt records its outcome against it
 * @param signingDomain the hosted domain whose DKIM keys sign the message, or null
 * @param relay        the smart host that takes all of this sender's mail, or null to deliver to the MX
 */
public record OutboundAttempt(String id, int generation, BlobId blob, long size, String sender,
                              List<SpoolRecipient> recipients, String dsnReturn, String dsnEnvelopeId,
                              Instant receivedAt, int attempts, String signingDomain, Relay relay) {
}
