/** The SMTP client that hands outbound mail to a remote MX or relay, with per-recipient replies for retries and DSNs. */
package org.mailward.transport.outbound.smtp;
