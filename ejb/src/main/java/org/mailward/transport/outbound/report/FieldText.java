package org.mailward.transport.outbound.report;

import jakarta.mail.internet.MimeUtility;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Makes values safe to put into header-style fields. Values come partly from outside (a remote
 * server's reply, addresses from an envelope), so no value can break a line, and therefore none
 * can add a field, a part or a boundary of its own.
 */
final class FieldText {

    /** RFC 5322 section 3.3, with a numeric zone ("GMT" is obsolete syntax there). */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    /** Longest run without white space kept in a field: folding needs white space, and a line has 998 bytes at most. */
    private static final int MAX_WORD = 300;

    private FieldText() {
    }

    static String date(Instant instant, ZoneId zone) {
        return DATE.format(instant.atZone(zone));
    }

    /**
     * The value on one line: every control character and line or paragraph separator becomes a
     * space, and (unless {@code utf8}) every non-ASCII character a question mark.
     */
    static String text(String value, boolean utf8) {
        StringBuilder safe = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                safe.append(' ');
            } else if (type == Character.SURROGATE || (c >= 0x80 && !utf8)) {
                safe.append('?'); // a lone surrogate has no UTF-8 form
            } else {
                safe.appendCodePoint(c);
            }
        });
        return safe.toString();
    }

    /** As {@link #text} and without any white space: for host names, addresses and identifiers. */
    static String token(String value, boolean utf8) {
        return text(value, utf8).replaceAll("\\s+", "");
    }

    static boolean isAscii(String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    /**
     * An address in RFC 6533's utf-8-addr-unitext form (section 3): UTF-8 as it is, space, backslash,
     * plus and equals as {@code \x{HH}}; control characters count as spaces ({@link #text}).
     */
    static String unitext(String address) {
        StringBuilder encoded = new StringBuilder(address.length() + 8);
        text(address, true).codePoints().forEach(c -> {
            if (c == ' ' || c == '\\' || c == '+' || c == '=') {
                encoded.append("\\x{").append(String.format(Locale.ROOT, "%02X", c)).append('}');
            } else {
                encoded.appendCodePoint(c);
            }
        });
        return encoded.toString();
    }

    /**
     * One whole field, {@code name: value} with CRLF, folded at white space to about 76
     * characters (RFC 5322 section 2.2.3). The value must already be safe ({@link #text}).
     */
    static String field(String name, String value) {
        StringBuilder words = new StringBuilder(value.length());
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ') {
                run = 0;
            } else if (++run > MAX_WORD && !Character.isLowSurrogate(c)) {
                words.append(' '); // a run this long cannot be folded: break it
                run = 1;
            }
            words.append(c);
        }
        return name + ": " + MimeUtility.fold(name.length() + 2, words.toString()) + "\r\n";
    }
}
