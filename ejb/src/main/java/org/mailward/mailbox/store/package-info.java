/** The mail store: folders and messages with their IMAP state, as one service for every protocol. */
package org.mailward.mailbox.store;
