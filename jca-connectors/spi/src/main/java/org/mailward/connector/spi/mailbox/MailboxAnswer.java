package org.mailward.connector.spi.mailbox;

import java.util.function.Function;

/**
 * What the mailbox backend answers: a value, or the reason it refused, which the listener turns
 * into its protocol's refusal (IMAP {@code NO [code] text}). Refusals are answers, not failures:
 * the backend is up and the client asked for something it cannot have.
 */
public record MailboxAnswer<T>(T value, Refusal refusal) {

    /** Why an operation was refused; {@code code} names the IMAP response code (RFC 5530). */
    public record Refusal(Code code, String text) {
    }

    /**
     * The RFC 5530 codes, USE_ATTR (RFC 6154: a special use that is unknown or cannot be given),
     * and GONE: the selected folder was deleted, or replaced by another of its name.
     */
    public enum Code {
        NONEXISTENT, ALREADYEXISTS, HASCHILDREN, CANNOT, OVERQUOTA, NOPERM, CONTACTADMIN, USE_ATTR, GONE;

        /** The response code as IMAP writes it. */
        public String imap() {
            return name().replace('_', '-');
        }
    }

    public static <T> MailboxAnswer<T> of(T value) {
        return new MailboxAnswer<>(value, null);
    }

    public static <T> MailboxAnswer<T> refused(Code code, String text) {
        return new MailboxAnswer<>(null, new Refusal(code, text));
    }

    /** The value turned into another, or the same refusal. */
    public <R> MailboxAnswer<R> map(Function<T, R> mapping) {
        return refusedIt() ? new MailboxAnswer<>(null, refusal) : of(mapping.apply(value));
    }

    public boolean refusedIt() {
        return refusal != null;
    }
}
