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

    /** RFC 1939 section 7. */
    record User(String name) implements Pop3Command {
    }

    /** RFC 1939 section 7: the whole rest of the line, spaces included; {@link #toString()} hides it. */
    record Pass(String password) implements Pop3Command {

        @Override
        public String toString() {
            return "Pass[]";
        }
    }

    /**
     * RFC 5034: {@code AUTH mechanism [initial-response]}; a bare {@code AUTH} (both {@code null})
     * asks for the mechanism list, as many clients still do.
     */
    record Auth(String mechanism, String initialResponse) implements Pop3Command {

        /** Hides the initial response: it may carry the password. */
        @Override
        public String toString() {
            return "Auth[" + mechanism + "]";
        }
    }

    /** A known command with missing or extra arguments. */
    record Malformed(String reason) implements Pop3Command {
    }

    record Unknown(String keyword) implements Pop3Command {
    }

    static Pop3Command parse(String line) {
        String trimmed = line.stripLeading();
        int space = trimmed.indexOf(' ');
        String keyword = (space < 0 ? trimmed : trimmed.substring(0, space)).strip().toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : trimmed.substring(space + 1);
        return switch (keyword) {
            case "QUIT" -> new Quit();
            case "NOOP" -> new Noop();
            case "CAPA" -> new Capa();
            case "USER" -> argument.isBlank() ? new Malformed("Missing user name") : new User(argument.strip());
            case "PASS" -> argument.isEmpty() ? new Malformed("Missing password") : new Pass(argument);
            case "AUTH" -> auth(argument.strip());
            default -> new Unknown(keyword);
        };
    }

    private static Pop3Command auth(String arguments) {
        String[] words = arguments.isEmpty() ? new String[0] : arguments.split(" +");
        return switch (words.length) {
            case 0 -> new Auth(null, null);
            case 1 -> new Auth(words[0], null);
            case 2 -> new Auth(words[0], words[1]);
            default -> new Malformed("Too many arguments");
        };
    }
}
