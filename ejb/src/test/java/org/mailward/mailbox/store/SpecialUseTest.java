package org.mailward.mailbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SpecialUseTest {

    @Test
    void attributesNameTheirUseInAnyCaseAndInboxHasNone() {
        assertEquals(Optional.of(SpecialUse.SENT), SpecialUse.ofAttribute("\\Sent"));
        assertEquals(Optional.of(SpecialUse.JUNK), SpecialUse.ofAttribute("\\JUNK"), "RFC 6154 attributes are case-insensitive");
        assertEquals(Optional.empty(), SpecialUse.ofAttribute("\\Flagged"), "a virtual folder this server does not keep");
        assertEquals(Optional.empty(), SpecialUse.ofAttribute("Sent"), "the name is not the attribute");
        assertEquals(Optional.empty(), SpecialUse.ofAttribute(null));
    }
}
