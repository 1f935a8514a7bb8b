package org.mailward.transport.outbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3461's xtext, in which SMTP carries ORCPT and ENVID ({@code +2B} for "+"). The spool keeps
 * them as the client sent them; the SMTP client encodes again, and a report shows them decoded.
 */
public final class Xtext {

    private Xtext() {
    }

    /** The decoded value; a malformed {@code +} escape is kept as it is. Null stays null. */
    public static String decode(String xtext) {
        if (xtext == null || xtext.indexOf('+') < 0) {
            return xtext;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(xtext.length());
        for (int i = 0; i < xtext.length(); i++) {
            char c = xtext.charAt(i);
            if (c == '+' && i + 2 < xtext.length() && hex(xtext.charAt(i + 1)) >= 0 && hex(xtext.charAt(i + 2)) >= 0) {
                decoded.write(hex(xtext.charAt(i + 1)) * 16 + hex(xtext.charAt(i + 2)));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                decoded.write(bytes, 0, bytes.length);
            }
        }
        return decoded.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
