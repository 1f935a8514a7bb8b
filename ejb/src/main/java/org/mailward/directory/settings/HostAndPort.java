package org.mailward.directory.settings;

import org.mailward.directory.DirectoryException;
import org.xbill.DNS.Address;

import java.util.regex.Pattern;

/** A host name or address literal with a port, as settings such as {@code outbound.relay-host} write it. */
public record HostAndPort(String host, int port) {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i)(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** {@code host}, {@code host:port}, {@code 192.0.2.1:587} or {@code [2001:db8::1]:587}; a 400-kind error otherwise. */
    public static HostAndPort parse(String value, int defaultPort) {
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw invalid(value);
            }
            host = value.substring(1, end);
            if (end + 1 < value.length()) {
                port = port(value.substring(end + 1), value);
            }
            if (!host.contains(":") || !isAddressLiteral(host)) {
                throw invalid(value);
            }
            return new HostAndPort(host, port);
        }
        int colon = value.lastIndexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            port = port(value.substring(colon), value);
        }
        if (!IPV4.matcher(host).matches() && !HOST_NAME.matcher(host).matches()) {
            throw invalid(value);
        }
        return new HostAndPort(host, port);
    }

    /**
     * Whether {@code value} is an IPv4 or IPv6 address literal. Parsed by dnsjava, which never asks
     * DNS: {@link java.net.InetAddress#getByName} looks up whatever it cannot parse.
     */
    public static boolean isAddressLiteral(String value) {
        return IPV4.matcher(value).matches() || Address.toByteArray(value, Address.IPv6) != null;
    }

    private static int port(String colonAndPort, String value) {
        try {
            int port = colonAndPort.startsWith(":") ? Integer.parseInt(colonAndPort.substring(1)) : -1;
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw invalid(value);
    }

    private static DirectoryException invalid(String value) {
        return DirectoryException.invalid("'" + value + "' is not a host name or address with an optional port, such as smtp.example.com:587");
    }
}
