package org.mailward.transport.outbound.smtp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The service extensions an EHLO reply offers (RFC 5321 section 4.1.1.1), as far as this client uses them.
 * Enhanced status codes (RFC 2034) need no flag: {@link SmtpReply#enhancedStatus()} reads them where they appear.
 *
 * @param sizeLimit the SIZE parameter (RFC 1870); 0 when absent or when the server announces no fixed limit
 * @param auth      the AUTH mechanisms, upper case (RFC 4954)
 */
record Extensions(boolean pipelining, boolean size, long sizeLimit, boolean eightBitMime, boolean smtpUtf8,
                  boolean startTls, boolean dsn, Set<String> auth) {

    /** What a server that only answered HELO offers. */
    static final Extensions NONE = new Extensions(false, false, 0, false, false, false, false, Set.of());

    static Extensions of(SmtpReply ehlo) {
        boolean pipelining = false, size = false, eightBitMime = false, smtpUtf8 = false, startTls = false, dsn = false;
        long sizeLimit = 0;
        Set<String> auth = new HashSet<>();
        List<String> lines = ehlo.lines();
        for (String line : lines.subList(1, lines.size())) { // the first line is the server's name
            String[] words = line.strip().toUpperCase(Locale.ROOT).split("\\s+");
            switch (words[0]) {
                case "PIPELINING" -> pipelining = true;
                case "SIZE" -> {
                    size = true;
                    sizeLimit = words.length > 1 ? limit(words[1]) : 0;
                }
                case "8BITMIME" -> eightBitMime = true;
                case "SMTPUTF8" -> smtpUtf8 = true;
                case "STARTTLS" -> startTls = true;
                case "DSN" -> dsn = true;
                case "AUTH" -> auth.addAll(List.of(words).subList(1, words.length));
                default -> {
                    if (words[0].startsWith("AUTH=")) { // the pre-RFC 4954 spelling some servers still send
                        auth.add(words[0].substring(5));
                        auth.addAll(List.of(words).subList(1, words.length));
                    }
                }
            }
        }
        return new Extensions(pipelining, size, sizeLimit, eightBitMime, smtpUtf8, startTls, dsn, Set.copyOf(auth));
    }

    private static long limit(String value) {
        try {
            return Math.max(0, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
