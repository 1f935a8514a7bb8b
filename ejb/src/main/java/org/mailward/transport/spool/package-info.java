/** The spool: accepted mail between the SMTP listener, local delivery and remote delivery. */
package org.mailward.transport.spool;
