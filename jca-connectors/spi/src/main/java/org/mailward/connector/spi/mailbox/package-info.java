/** The mailbox access contract shared by the IMAP and POP3 listeners. */
package org.mailward.connector.spi.mailbox;
