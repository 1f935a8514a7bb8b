package org.mailward.connector.pop3;

import java.util.Locale;

/** A POP3 command line, parsed: a case-insensitive keyword and optional arguments (RFC 1939 section 3). */
public sealed interface Pop3Command {

    record Quit() implements Pop3Command {
    }

    record Noop() implements Pop3Command {
    }

    /** RFC 2449 section 5. */
    record Capa() implements Pop3Command {
    }

    record Unknown(String keyword) implements Pop3Command {
    }

    static Pop3Command parse(String line) {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        return switch (keyword) {
            case "QUIT" -> new Quit();
            case "NOOP" -> new Noop();
            case "CAPA" -> new Capa();
            default -> new Unknown(keyword);
        };
    }
}
