package org.mailward.transport.outbound.smtp;

/** How a delivery attempt uses TLS (RFC 3207 STARTTLS, or TLS from the first byte when the target says so). */
public enum TlsPolicy {
    /** Never send STARTTLS: for a host whose TLS is known to be broken. */
    NONE,
    /**
     * STARTTLS when the server offers it, without checking its certificate, as MTAs do for MX hosts. If the
     * handshake fails, the attempt fails for the host with a 4.7.5 reply; the caller may try that host again with
     * {@link #NONE}.
     */
    OPPORTUNISTIC,
    /**
     * TLS is required, and the certificate must chain to the JDK's default trust store and name the target's host
     * (HTTPS-style endpoint identification). Anything less fails the attempt for the host with a 4.7.5 reply.
     */
    VERIFY
}
