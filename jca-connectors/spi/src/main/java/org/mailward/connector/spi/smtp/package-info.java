/** The SMTP listener's endpoint contract (MX, submission, implicit-TLS submission). */
package org.mailward.connector.spi.smtp;
