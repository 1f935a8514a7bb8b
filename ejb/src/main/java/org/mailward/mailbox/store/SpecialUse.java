package org.mailward.mailbox.store;

import java.util.Arrays;
import java.util.Optional;

/** The special-use folders of RFC 6154 every account has, with the names they are created under. */
public enum SpecialUse {
    INBOX("INBOX", null),
    DRAFTS("Drafts", "\\Drafts"),
    SENT("Sent", "\\Sent"),
    JUNK("Junk", "\\Junk"),
    TRASH("Trash", "\\Trash"),
    ARCHIVE("Archive", "\\Archive");

    private final String defaultName;
    private final String attribute;

    SpecialUse(String defaultName, String attribute) {
        this.defaultName = defaultName;
        this.attribute = attribute;
    }

    public String defaultName() {
        return defaultName;
    }

    /** The IMAP LIST attribute, or {@code null} for INBOX, which has none. */
    public String attribute() {
        return attribute;
    }

    /** The use an IMAP attribute names, in any case (RFC 6154 section 2); empty for one this server does not give. */
    public static Optional<SpecialUse> ofAttribute(String attribute) {
        return Arrays.stream(values()).filter(use -> use.attribute != null && use.attribute.equalsIgnoreCase(attribute)).findFirst();
    }
}
