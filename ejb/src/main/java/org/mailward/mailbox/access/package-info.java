/** The IMAP and POP3 listeners' message endpoint. */
package org.mailward.mailbox.access;
