/**
 * The MIME structure of stored messages, parsed once at delivery, from which IMAP answers
 * ENVELOPE, BODY, BODYSTRUCTURE and BODY[section] without parsing the message again.
 */
package org.mailward.mailbox.structure;
