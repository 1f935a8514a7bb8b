package org.mailward.connector.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An SMTP command line, parsed (RFC 5321 section 4.1.1). Verbs are case-insensitive. */
public sealed interface SmtpCommand {

    /** {@code HELO} or {@code EHLO} with the client's claimed domain (RFC 5321 section 4.1.1.1). */
    record Hello(boolean extended, String domain) implements SmtpCommand {
    }

    /**
     * {@code MAIL FROM:<reverse-path> [parameters]} (RFC 5321 section 4.1.1.2).
     *
     * @param path       the mailbox without angle brackets or source route; empty for {@code <>}
     * @param parameters ESMTP parameters by upper-case keyword, each value as sent or {@code null}
     */
    record Mail(String path, Map<String, String> parameters) implements SmtpCommand {
    }

    /** {@code RCPT TO:<forward-path> [parameters]} (RFC 5321 section 4.1.1.3). */
    record Rcpt(String path, Map<String, String> parameters) implements SmtpCommand {
    }

    record Data() implements SmtpCommand {
    }

    /** {@code BDAT size [LAST]} (RFC 3030 section 2). */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }

    record StartTls() implements SmtpCommand {
    }

    record Quit() implements SmtpCommand {
    }

    record Noop() implements SmtpCommand {
    }

    record Reset() implements SmtpCommand {
    }

    record Help() implements SmtpCommand {
    }

    /** {@code VRFY} or {@code EXPN}: answered without telling who exists. */
    record Verify(String verb) implements SmtpCommand {
    }

    /**
     * {@code AUTH mechanism [initial-response]} (RFC 4954 section 4).
     *
     * @param initialResponse base64 or {@code =}; {@code null} when the client sent none
     */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {

        /** Hides the initial response: it may carry the password. */
        @Override
        public String toString() {
            return "Auth[" + mechanism + "]";
        }
    }

    /** A known verb with missing, extra or malformed arguments. */
    record BadArguments(String verb, String problem) implements SmtpCommand {

        BadArguments(String verb) {
            this(verb, "Syntax error in " + verb + " arguments");
        }
    }

    /** A line with nothing but whitespace. */
    record Empty() implements SmtpCommand {
    }

    record Unknown(String verb) implements SmtpCommand {
    }

    static SmtpCommand parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return new Empty();
        }
        int space = trimmed.indexOf(' ');
        String verb = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        return switch (verb) {
            case "HELO" -> new Hello(false, argument);
            case "EHLO" -> new Hello(true, argument);
            case "MAIL" -> path(verb, "FROM:", argument, true);
            case "RCPT" -> path(verb, "TO:", argument, false);
            case "DATA" -> argument.isEmpty() ? new Data() : new BadArguments(verb);
            case "BDAT" -> bdat(argument);
            case "STARTTLS" -> argument.isEmpty() ? new StartTls() : new BadArguments(verb);
            case "QUIT" -> new Quit();
            case "NOOP" -> new Noop();
            case "RSET" -> argument.isEmpty() ? new Reset() : new BadArguments(verb);
            case "HELP" -> new Help();
            case "VRFY", "EXPN" -> argument.isEmpty() ? new BadArguments(verb) : new Verify(verb);
            case "AUTH" -> auth(argument);
            default -> new Unknown(verb);
        };
    }

    private static SmtpCommand path(String verb, String keyword, String argument, boolean reverse) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return new BadArguments(verb, "Syntax: " + verb + " " + keyword + "<address>");
        }
        String rest = argument.substring(keyword.length()).stripLeading(); // "MAIL FROM: <a@b>" is common
        String path;
        if (rest.startsWith("<")) {
            int close = rest.indexOf('>');
            if (close < 0) {
                return new BadArguments(verb, "Unbalanced angle brackets in address");
            }
            path = rest.substring(1, close);
            rest = rest.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(" ")) {
                return new BadArguments(verb, "Syntax error after the address");
            }
        } else {
            // Accepted without brackets, as most servers do for old clients.
            int end = rest.indexOf(' ');
            path = end < 0 ? rest : rest.substring(0, end);
            rest = end < 0 ? "" : rest.substring(end);
        }
        path = withoutSourceRoute(path);
        if (path.isEmpty() && !reverse) {
            return new BadArguments(verb, "A recipient address is required");
        }
        if (!path.isEmpty() && !SmtpAddresses.isMailbox(path) && !(!reverse && path.equalsIgnoreCase("postmaster"))) {
            return new BadArguments(verb, "Invalid address syntax");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String word : rest.strip().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            String key = (equals < 0 ? word : word.substring(0, equals)).toUpperCase(Locale.ROOT);
            if (key.isEmpty() || parameters.containsKey(key)) {
                return new BadArguments(verb, "Malformed or repeated parameter " + key);
            }
            parameters.put(key, equals < 0 ? null : word.substring(equals + 1));
        }
        return reverse ? new Mail(path, parameters) : new Rcpt(path, parameters);
    }

    // RFC 5321 section 4.1.1.3: a source route (@a,@b:user@c) must be accepted and ignored.
    private static String withoutSourceRoute(String path) {
        if (path.startsWith("@")) {
            int colon = path.indexOf(':');
            return colon < 0 ? path : path.substring(colon + 1);
        }
        return path;
    }

    private static SmtpCommand bdat(String argument) {
        String[] words = argument.isEmpty() ? new String[0] : argument.split(" +");
        long size = words.length < 1 ? -1 : octets(words[0]);
        if (size < 0 || words.length > 2 || (words.length == 2 && !words[1].equalsIgnoreCase("LAST"))) {
            return new BadArguments("BDAT", "Syntax: BDAT <size> [LAST]");
        }
        return new Bdat(size, words.length == 2);
    }

    /**
     * A count of octets (BDAT, SIZE): 1 to 18 ASCII digits, or -1. Not Long.parseLong alone,
     * which also takes other scripts' digits and a sign.
     */
    static long octets(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(text);
    }

    private static SmtpCommand auth(String arguments) {
        String[] words = arguments.isEmpty() ? new String[0] : arguments.split("\\s+");
        return switch (words.length) {
            case 1 -> new Auth(words[0], null);
            case 2 -> new Auth(words[0], words[1]);
            default -> new BadArguments("AUTH");
        };
    }
}
