package org.mailward.connector.smtp;

import java.util.Locale;

/** An SMTP command line, parsed (RFC 5321 section 4.1.1). Verbs are case-insensitive. */
public sealed interface SmtpCommand {

    /** {@code HELO} or {@code EHLO} with the client's claimed domain (RFC 5321 section 4.1.1.1). */
    record Hello(boolean extended, String domain) implements SmtpCommand {
    }

    record Quit() implements SmtpCommand {
    }

    record Noop() implements SmtpCommand {
    }

    record Reset() implements SmtpCommand {
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

    /** A known verb with missing or extra arguments. */
    record BadArguments(String verb) implements SmtpCommand {
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
            case "QUIT" -> new Quit();
            case "NOOP" -> new Noop();
            case "RSET" -> new Reset();
            case "AUTH" -> auth(argument);
            default -> new Unknown(verb);
        };
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
