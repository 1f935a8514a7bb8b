package org.mailward.transport.outbound.smtp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpReplyTest {

    @Test
    void theEnhancedStatusComesFromTheFirstLine() {
        SmtpReply reply = new SmtpReply(550, List.of("5.1.1 No such user", "5.1.1 Try another"));
        assertEquals("5.1.1", reply.enhancedStatus());
        assertEquals("550 5.1.1 No such user 5.1.1 Try another", reply.diagnostic());
        assertTrue(reply.permanentFailure());
        assertFalse(reply.transientFailure());
        assertFalse(reply.positive());
    }

    @Test
    void withoutAStatusOfItsClassTheStatusFollowsTheCode() {
        assertEquals("4.0.0", new SmtpReply(451, List.of("Try again later")).enhancedStatus());
        assertEquals("2.0.0", new SmtpReply(250, List.of("5.1.1 looks like a status but the class is wrong")).enhancedStatus());
        assertEquals("5.0.0", new SmtpReply(554, List.of("5.1.1000 too many digits")).enhancedStatus());
        assertEquals("250", new SmtpReply(250, List.of("")).diagnostic());
    }

    @Test
    void aLocalReplyStartsWithItsStatus() {
        SmtpReply reply = SmtpReply.local(451, "4.4.2", "connection lost");
        assertEquals("451 4.4.2 connection lost", reply.diagnostic());
        assertEquals("4.4.2", reply.enhancedStatus());
        assertTrue(reply.transientFailure());
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.local(451, "5.4.2", "wrong class"));
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertFalse(new Credentials("relay-user", "s3cret-pass").toString().contains("s3cret"));
    }
}
