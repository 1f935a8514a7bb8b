/**
 * The Mailward resource adapter: the container-facing side of the protocol listeners. It holds the
 * listener configuration ({@code @ConfigProperty}, overridden by WildFly's resource-adapters
 * subsystem), opens the SMTP listeners when the SMTP backend MDB activates and the IMAP/POP3
 * listeners when the mailbox backend MDB activates, and publishes their state through the
 * {@code ListenerDirectory} administered object. Trust boundary: everything read from a socket is
 * untrusted; the backends are called only through borrowed message endpoints.
 */
package org.mailward.connector;
