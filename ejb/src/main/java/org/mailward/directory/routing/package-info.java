/** Recipient resolution: which local mailbox, alias or remote address an address leads to. */
package org.mailward.directory.routing;
