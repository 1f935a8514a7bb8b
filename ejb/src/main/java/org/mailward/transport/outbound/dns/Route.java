package org.mailward.transport.outbound.dns;

import java.util.List;

/** What DNS says about delivering to a domain: where to connect, or why not now or never. */
public sealed interface Route permits Route.Hosts, Route.Permanent, Route.Temporary {

    /** The addresses to try, in this order; never empty. */
    record Hosts(List<MailHost> hosts) implements Route {
        public Hosts {
            if (hosts.isEmpty()) {
                throw new IllegalArgumentException("A route has at least one host");
            }
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * The domain can never receive mail: {@code status} is the enhanced status code (RFC 3463) for
     * the bounce, e.g. 5.1.10 for a null MX (RFC 7505), 5.1.2 for a domain that does not exist.
     */
    record Permanent(String status, String reason) implements Route {
    }

    /** Not now, try again later (status 4.4.3): a DNS server failed, timed out, or no MX host has an address yet. */
    record Temporary(String reason) implements Route {
    }
}
