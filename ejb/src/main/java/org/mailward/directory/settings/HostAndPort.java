package org.mailward.directory.settings;

import org.mailward.directory.DirectoryException;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
     * Whether {@code value} is an IPv4 or IPv6 address literal. Checked without ever asking DNS:
     * a string with a colon is only ever parsed as IPv6 by {@link InetAddress}, and a dotted quad
     * is matched before it is parsed.
     */
    public static boolean isAddressLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
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
