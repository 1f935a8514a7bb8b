package org.mailward.mailbox.store;

import org.mailward.mailbox.blob.BlobId;

/** A message as a listing shows it, and where its body is stored: for protocols that read bodies next. */
public record StoredMessage(MessageView view, BlobId body) {
}
