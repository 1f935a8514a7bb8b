/** Mailboxes: folders and messages, served to IMAP, POP3 and webmail. */
package org.mailward.mailbox;
