package org.mailward.mailbox.store;

import java.util.EnumSet;
import java.util.Set;

/** The system flags of IMAP (RFC 9051 section 2.3.2), stored as one bit each. */
public enum MessageFlag {
    SEEN("\\Seen"), ANSWERED("\\Answered"), FLAGGED("\\Flagged"), DELETED("\\Deleted"), DRAFT("\\Draft");

    private final String imapName;

    MessageFlag(String imapName) {
        this.imapName = imapName;
    }

    public String imapName() {
        return imapName;
    }

    int bit() {
        return 1 << ordinal();
    }

    static int bits(Set<MessageFlag> flags) {
        int bits = 0;
        for (MessageFlag flag : flags) {
            bits |= flag.bit();
        }
        return bits;
    }

    static Set<MessageFlag> of(int bits) {
        Set<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        for (MessageFlag flag : values()) {
            if ((bits & flag.bit()) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
