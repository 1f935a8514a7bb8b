/**
 * Where remote mail goes: the MX hosts of a recipient domain and their addresses, in the order
 * RFC 5321 section 5.1 says to try them, or why there are none (permanent or temporary), looked
 * up with dnsjava through the resolvers the operator names.
 */
package org.mailward.transport.outbound.dns;
