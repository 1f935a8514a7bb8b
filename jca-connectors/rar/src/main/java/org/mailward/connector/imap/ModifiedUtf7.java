package org.mailward.connector.imap;

/**
 * Modified UTF-7, the mailbox name encoding of IMAP4rev1 (RFC 3501 section 5.1.3): printable
 * US-ASCII stands for itself, {@code &} is written {@code &-}, and any other run of characters is
 * written as its UTF-16 code units in base64 (with {@code ,} for {@code /}, unpadded) between
 * {@code &} and {@code -}.
 */
final class ModifiedUtf7 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private ModifiedUtf7() {
    }

    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (isPrintable(c)) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < name.length() && !isPrintable(name.charAt(end))) {
                    end++;
                }
                out.append('&');
                appendBase64(out, name, i, end);
                out.append('-');
                i = end;
            }
        }
        return out.toString();
    }

    private static void appendBase64(StringBuilder out, String name, int from, int to) {
        int bits = 0;
        int buffered = 0;
        for (int i = from; i < to; i++) {
            bits = (bits << 16) | name.charAt(i);
            buffered += 16;
            while (buffered >= 6) {
                buffered -= 6;
                out.append(ALPHABET.charAt((bits >> buffered) & 0x3F));
            }
        }
        if (buffered > 0) {
            out.append(ALPHABET.charAt((bits << (6 - buffered)) & 0x3F));
        }
    }

    /**
     * The name a modified UTF-7 string stands for.
     *
     * @throws IllegalArgumentException saying what is wrong: 8-bit or control characters, a shift
     *                                  without its end, base64 that does not make whole UTF-16 code
     *                                  units, or a shift the RFC forbids (printable characters in
     *                                  base64, two shifts in a row)
     */
    static String decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        boolean afterShift = false;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (!isPrintable(c)) {
                throw new IllegalArgumentException("8-bit and control characters must be encoded");
            }
            if (c != '&') {
                out.append(c);
                i++;
                afterShift = false;
                continue;
            }
            int end = encoded.indexOf('-', i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("'&' starts a shift that never ends with '-'");
            }
            if (end == i + 1) {
                out.append('&');
                afterShift = false;
            } else {
                if (afterShift) {
                    throw new IllegalArgumentException("two encoded runs in a row must be one");
                }
                decodeBase64(encoded, i + 1, end, out);
                afterShift = true;
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static void decodeBase64(String encoded, int from, int to, StringBuilder out) {
        int bits = 0;
        int buffered = 0;
        for (int i = from; i < to; i++) {
            int value = ALPHABET.indexOf(encoded.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + encoded.charAt(i) + "' is not modified base64");
            }
            bits = (bits << 6) | value;
            buffered += 6;
            if (buffered >= 16) {
                buffered -= 16;
                char decoded = (char) ((bits >> buffered) & 0xFFFF);
                if (isPrintable(decoded)) {
                    throw new IllegalArgumentException("printable US-ASCII must not be encoded");
                }
                if (Character.isLowSurrogate(decoded) != (!out.isEmpty() && Character.isHighSurrogate(out.charAt(out.length() - 1)))) {
                    throw new IllegalArgumentException("a broken UTF-16 surrogate pair");
                }
                out.append(decoded);
            }
        }
        if (buffered >= 6 || (bits & ((1 << buffered) - 1)) != 0) {
            throw new IllegalArgumentException("base64 that does not end on a whole character");
        }
        if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            throw new IllegalArgumentException("a broken UTF-16 surrogate pair");
        }
    }

    private static boolean isPrintable(char c) {
        return c >= 0x20 && c <= 0x7E;
    }
}
