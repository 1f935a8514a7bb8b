package org.mailward.connector.pop3;

import java.util.Locale;
import java.util.function.IntFunction;

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

    /** RFC 2595 section 4. */
    record Stls() implements Pop3Command {
    }

    record Stat() implements Pop3Command {
    }

    /** LIST: the scan listing of every message, or with {@code message} (0 for none) of one. */
    record Scan(int message) implements Pop3Command {
    }

    /** UIDL (RFC 1939 section 7), for all messages or with {@code message} (0 for none) one. */
    record Uidl(int message) implements Pop3Command {
    }

    record Retr(int message) implements Pop3Command {
    }

    /** The header and the first {@code lines} lines of the body (RFC 1939 section 7). */
    record Top(int message, long lines) implements Pop3Command {
    }

    record Dele(int message) implements Pop3Command {
    }

    record Rset() implements Pop3Command {
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
            case "STLS" -> argument.isBlank() ? new Stls() : new Malformed("STLS takes no argument");
            case "STAT" -> argument.isBlank() ? new Stat() : new Malformed("STAT takes no argument");
            case "RSET" -> argument.isBlank() ? new Rset() : new Malformed("RSET takes no argument");
            case "LIST" -> argument.isBlank() ? new Scan(0) : withMessage(argument, Scan::new);
            case "UIDL" -> argument.isBlank() ? new Uidl(0) : withMessage(argument, Uidl::new);
            case "RETR" -> withMessage(argument, Retr::new);
            case "DELE" -> withMessage(argument, Dele::new);
            case "TOP" -> top(argument);
            default -> new Unknown(keyword);
        };
    }

    /** A command whose one argument is a message number. */
    private static Pop3Command withMessage(String argument, IntFunction<Pop3Command> command) {
        String[] words = words(argument);
        if (words.length != 1) {
            return new Malformed(words.length == 0 ? "Missing message number" : "Too many arguments");
        }
        int message = messageNumber(words[0]);
        return message > 0 ? command.apply(message) : new Malformed("Invalid message number " + words[0]);
    }

    private static Pop3Command top(String argument) {
        String[] words = words(argument);
        if (words.length != 2) {
            return new Malformed("TOP takes a message number and a number of lines");
        }
        int message = messageNumber(words[0]);
        if (message <= 0) {
            return new Malformed("Invalid message number " + words[0]);
        }
        if (!words[1].matches("\\d{1,18}")) {
            return new Malformed("Invalid number of lines " + words[1]);
        }
        return new Top(message, Long.parseLong(words[1]));
    }

    /** A message number (1 and up), or 0 when the word is not one; a number past any maildrop is no message there. */
    private static int messageNumber(String word) {
        if (!word.matches("\\d{1,18}")) {
            return 0;
        }
        return (int) Math.min(Long.parseLong(word), Integer.MAX_VALUE);
    }

    private static String[] words(String argument) {
        String trimmed = argument.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" +");
    }

    private static Pop3Command auth(String arguments) {
        String[] words = words(arguments);
        return switch (words.length) {
            case 0 -> new Auth(null, null);
            case 1 -> new Auth(words[0], null);
            case 2 -> new Auth(words[0], words[1]);
            default -> new Malformed("Too many arguments");
        };
    }
}
