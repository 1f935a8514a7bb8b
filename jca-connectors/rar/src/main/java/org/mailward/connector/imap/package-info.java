/**
 * IMAP (RFC 3501, RFC 9051; SASL-IR per RFC 4959) wire handling: tagged commands parsed from a line, and the session
 * that turns each command into untagged and tagged responses. JDK and connector SPI only.
 */
package org.mailward.connector.imap;
