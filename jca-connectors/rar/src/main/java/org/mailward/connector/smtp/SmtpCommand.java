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
            default -> new Unknown(verb);
        };
    }
}
