package org.mailward.transport.outbound.dns;

import java.net.InetAddress;

/**
 * One address to connect to for a domain's mail: the host's name as DNS gave it (or the address
 * literal as written), one of its addresses, and the MX preference it came with.
 */
public record MailHost(String name, InetAddress address, int preference) {
}
