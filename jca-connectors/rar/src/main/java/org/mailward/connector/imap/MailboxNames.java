package org.mailward.connector.imap;

import java.text.Normalizer;

/**
 * How mailbox names travel on a connection: modified UTF-7 for an IMAP4rev1 client (RFC 3501
 * section 5.1.3), UTF-8 as they are stored once the client enabled UTF8=ACCEPT (RFC 6855 section
 * 3) or IMAP4rev2 (RFC 9051 section 5.1). Names are stored in Unicode NFC, as Net-Unicode (RFC
 * 5198) wants; a denormalized name a client supplies is taken, in every command, for its
 * normalized form (RFC 9051 section 5.1).
 */
enum MailboxNames {
    MODIFIED_UTF7,
    UTF8;

    /** The stored name a client's name stands for: {@link #supplied} in Unicode NFC. */
    String fromClient(String name) throws ImapArguments.SyntaxException {
        return normalized(supplied(name));
    }

    static String normalized(String supplied) {
        return Normalizer.normalize(supplied, Normalizer.Form.NFC);
    }

    /** A client's name as it supplied it, decoded, not normalized; INBOX in any case is INBOX (RFC 9051 section 5.1). */
    String supplied(String name) throws ImapArguments.SyntaxException {
        String decoded = name;
        if (this == MODIFIED_UTF7) {
            try {
                decoded = ModifiedUtf7.decode(name);
            } catch (IllegalArgumentException e) {
                throw new ImapArguments.SyntaxException("Mailbox name is not valid modified UTF-7: " + e.getMessage());
            }
        }
        return decoded.equalsIgnoreCase("INBOX") ? "INBOX" : decoded;
    }

    /** A stored name as the client reads it, a quoted string. */
    String quoted(String name) {
        String sent = this == MODIFIED_UTF7 ? ModifiedUtf7.encode(name) : name;
        return "\"" + sent.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
