package org.mailward.transport.outbound.smtp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One host to try: the caller has resolved the MX (or relay) name to an address.
 *
 * @param hostName       the name the address was found under: certificate checks and DSN Remote-MTA use it
 * @param implicitTls    TLS from the first byte (port 465 style) instead of STARTTLS
 * @param heloName       our name in EHLO/HELO
 * @param bindAddress    the local address to send from, {@code null} for any
 * @param credentials    AUTH login, {@code null} for none; sent only over TLS
 * @param connectTimeout limit for the TCP connection
 * @param commandTimeout limit for each reply and for each blocked write; the end-of-data reply waits at least
 *                       10 minutes (RFC 5321 section 4.5.3.2.6)
 */
public record SmtpTarget(String hostName, InetAddress address, int port, boolean implicitTls, TlsPolicy tls,
                         String heloName, InetAddress bindAddress, Credentials credentials,
                         Duration connectTimeout, Duration commandTimeout) {

    public SmtpTarget {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Commands.requireInline(Objects.requireNonNull(heloName, "heloName"), "heloName");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        if (!positive(connectTimeout) || !positive(commandTimeout)) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && duration.toMillis() > 0;
    }
}
