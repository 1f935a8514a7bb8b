/**
 * SMTP (RFC 5321, AUTH per RFC 4954) wire handling for the MX, submission and implicit-TLS submission listeners:
 * typed commands parsed from a line, and the session that turns each command into a reply.
 * JDK and connector SPI only, so it is unit-tested without a container.
 */
package org.mailward.connector.smtp;
