package org.mailward.transport.outbound.smtp;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The text of MAIL FROM and RCPT TO with the parameters the server's extensions allow. */
final class Commands {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Commands() {
    }

    /**
     * SIZE (RFC 1870), BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461), each only when
     * offered. An 8-bit body goes to a server without 8BITMIME anyway, as Postfix does: nearly every server takes it.
     */
    static String mailFrom(Envelope envelope, MessageContent content, Extensions extensions, boolean smtpUtf8) {
        StringBuilder command = new StringBuilder("MAIL FROM:<").append(envelope.sender()).append('>');
        if (extensions.size()) {
            command.append(" SIZE=").append(content.size());
        }
        if (content.eightBitBody() && extensions.eightBitMime()) {
            command.append(" BODY=8BITMIME");
        }
        if (smtpUtf8) {
            command.append(" SMTPUTF8");
        }
        if (extensions.dsn()) {
            if (envelope.dsnReturn() != null) {
                command.append(" RET=").append(envelope.dsnReturn());
            }
            if (envelope.dsnEnvelopeId() != null) {
                command.append(" ENVID=").append(xtext(envelope.dsnEnvelopeId()));
            }
        }
        return command.toString();
    }

    /** NOTIFY and ORCPT (RFC 3461) only when the server offers DSN. */
    static String rcptTo(EnvelopeRecipient recipient, Extensions extensions) {
        StringBuilder command = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (extensions.dsn()) {
            if (recipient.dsnNotify() != null) {
                command.append(" NOTIFY=").append(recipient.dsnNotify());
            }
            if (recipient.originalRecipient() != null) {
                command.append(" ORCPT=").append(xtext(recipient.originalRecipient()));
            }
        }
        return command.toString();
    }

    /** RFC 3461 section 4: printable ASCII but "+" and "=" as is, every other octet of the UTF-8 form as "+HH". */
    static String xtext(String value) {
        StringBuilder xtext = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                xtext.append((char) c);
            } else {
                xtext.append('+').append(HEX.toHexDigits(b));
            }
        }
        return xtext.toString();
    }

    /** Refuses a value with a CR, LF or other control character, which would end the command line early. */
    static void requireInline(String value, String what) {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " holds a control character");
        }
    }

    static boolean ascii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }
}
