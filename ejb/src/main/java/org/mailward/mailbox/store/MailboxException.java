package org.mailward.mailbox.store;

import jakarta.ejb.ApplicationException;

/** A refused mailbox operation, with the reason the client is told. Rolls the transaction back. */
@ApplicationException(rollback = true)
public class MailboxException extends RuntimeException {

    /**
     * SPECIAL_USE: a special use that is unknown, or that another folder has; GONE: the folder a
     * client selected was deleted, or replaced by another of its name.
     */
    public enum Kind { NOT_FOUND, ALREADY_EXISTS, HAS_CHILDREN, INVALID, SPECIAL_USE, OVER_QUOTA, GONE }

    private final Kind kind;

    public MailboxException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
