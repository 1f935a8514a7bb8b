package org.mailward.directory;

import jakarta.ejb.ApplicationException;

/**
 * A request the directory refuses, with a message the caller can act on. The kind says why, and
 * the REST API turns it into the matching status. Thrown to the caller as is; the transaction rolls back.
 */
@ApplicationException(rollback = true)
public class DirectoryException extends RuntimeException {

    public enum Kind {
        /** The request is malformed or breaks a rule of form (400). */
        INVALID,
        /** The caller's role or domain does not allow it (403). */
        FORBIDDEN,
        /** No such domain, account or alias, or none the caller may see (404). */
        NOT_FOUND,
        /** It clashes with what exists: a duplicate, a limit reached, a non-empty domain (409). */
        CONFLICT
    }

    private final Kind kind;

    public DirectoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DirectoryException invalid(String message) {
        return new DirectoryException(Kind.INVALID, message);
    }

    public static DirectoryException forbidden(String message) {
        return new DirectoryException(Kind.FORBIDDEN, message);
    }

    public static DirectoryException notFound(String message) {
        return new DirectoryException(Kind.NOT_FOUND, message);
    }

    public static DirectoryException conflict(String message) {
        return new DirectoryException(Kind.CONFLICT, message);
    }
}
