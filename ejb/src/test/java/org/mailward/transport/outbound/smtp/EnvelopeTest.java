package org.mailward.transport.outbound.smtp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

class EnvelopeTest {

    private static final EnvelopeRecipient ALICE = new EnvelopeRecipient("alice@remote.test", null, null);

    @Test
    void aLineBreakCannotSmuggleACommandIntoTheSession() {
        assertThrows(IllegalArgumentException.class,
                () -> new EnvelopeRecipient("alice@remote.test>\r\nRCPT TO:<other@remote.test", null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Envelope("sender@mailward.test\r\nRSET", List.of(ALICE), null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new EnvelopeRecipient("alice@remote.test", "FAILURE ORCPT=rfc822;x@y", null));
        assertThrows(IllegalArgumentException.class,
                () -> new Envelope("sender@mailward.test", List.of(ALICE), "FULL ENVID=x", null));
    }

    @Test
    void eachRecipientIsAnsweredOnceSoTheyMustBeDistinct() {
        assertThrows(IllegalArgumentException.class, () -> new Envelope("", List.of(ALICE, ALICE), null, null));
        assertThrows(IllegalArgumentException.class, () -> new Envelope("", List.of(), null, null));
    }
}
