/**
 * POP3 (RFC 1939, capabilities per RFC 2449, AUTH per RFC 5034) wire handling: commands parsed from a line, and the
 * session that turns each command into a {@code +OK}/{@code -ERR} reply. JDK and connector SPI only.
 */
package org.mailward.connector.pop3;
