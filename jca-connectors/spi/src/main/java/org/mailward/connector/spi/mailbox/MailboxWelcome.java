package org.mailward.connector.spi.mailbox;

import java.io.Serializable;

import org.mailward.connector.spi.Greeting;

/** The mailbox backend's answer to a new connection: the greeting, and the limits of the session. */
public record MailboxWelcome(Greeting greeting, MailboxLimits limits) implements Serializable {
}
