package org.mailward.connector.spi.smtp;

import java.io.Serializable;

import org.mailward.connector.spi.Greeting;

/**
 * The SMTP backend's answer to a new connection: the greeting, the limits of the session, and
 * whether AUTH is offered at all on this listener (submission yes, MX no).
 */
public record SmtpWelcome(Greeting greeting, SmtpLimits limits, boolean authOffered) implements Serializable {
}
