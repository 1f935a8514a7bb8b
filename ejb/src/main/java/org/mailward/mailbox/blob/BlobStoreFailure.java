package org.mailward.mailbox.blob;

import jakarta.ejb.ApplicationException;

import java.io.IOException;

/**
 * The blob store could not read or write (a full disk, permissions, a damaged tree): a failure of
 * the server, not of the request. An application exception, so that it rolls the transaction back
 * and reaches the caller as itself, to be reported once (and, for a delivery, retried) instead of
 * being logged with its stack trace by every bean it passes through.
 */
@ApplicationException(rollback = true)
public class BlobStoreFailure extends RuntimeException {

    public BlobStoreFailure(String what, IOException cause) {
        super(what + ": " + cause, cause);
    }
}
