/** SORT and THREAD (RFC 5256): how the messages a search found are ordered and threaded. */
package org.mailward.mailbox.sort;
