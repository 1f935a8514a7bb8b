package org.mailward.connector.imap;

import java.util.Locale;

/** An IMAP command line, parsed: {@code tag SP command [SP arguments]} (RFC 9051 section 9, {@code command}). */
public sealed interface ImapCommand {

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    /** {@code LOGIN userid password} (RFC 9051 section 6.2.3); {@link #toString()} hides the password. */
    record Login(String tag, String username, String password) implements ImapCommand {

        @Override
        public String toString() {
            return "Login[" + tag + ", " + username + "]";
        }
    }

    /**
     * {@code AUTHENTICATE mechanism [initial-response]} (RFC 9051 section 6.2.2, RFC 4959).
     *
     * @param initialResponse base64 or {@code =}; {@code null} when the client sent none
     */
    record Authenticate(String tag, String mechanism, String initialResponse) implements ImapCommand {

        /** Hides the initial response: it may carry the password. */
        @Override
        public String toString() {
            return "Authenticate[" + tag + ", " + mechanism + "]";
        }
    }

    /** A well-formed line naming a command this server does not implement. */
    record Unknown(String tag, String name) implements ImapCommand {
    }

    /** A known command with arguments that break the grammar: answered {@code tag BAD reason}. */
    record Malformed(String tag, String reason) implements ImapCommand {
    }

    /** A line without a usable tag or command name: it can only be answered untagged. */
    record Invalid() implements ImapCommand {
    }

    static ImapCommand parse(String line) {
        int space = line.indexOf(' ');
        if (space <= 0 || !isTag(line.substring(0, space))) {
            return new Invalid();
        }
        String tag = line.substring(0, space);
        String rest = line.substring(space + 1);
        int end = rest.indexOf(' ');
        String name = end < 0 ? rest : rest.substring(0, end);
        if (name.isEmpty()) {
            return new Invalid();
        }
        ImapArguments arguments = new ImapArguments(rest.substring(name.length()));
        try {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "CAPABILITY" -> new Capability(tag);
                case "NOOP" -> new Noop(tag);
                case "LOGOUT" -> new Logout(tag);
                case "LOGIN" -> login(tag, arguments);
                case "AUTHENTICATE" -> authenticate(tag, arguments);
                default -> new Unknown(tag, name);
            };
        } catch (ImapArguments.SyntaxException e) {
            return new Malformed(tag, e.getMessage());
        }
    }

    private static Login login(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String username = arguments.space().astring();
        String password = arguments.space().astring();
        arguments.end();
        return new Login(tag, username, password);
    }

    private static Authenticate authenticate(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mechanism = arguments.space().atom();
        String initialResponse = arguments.atEnd() ? null : arguments.space().atom();
        arguments.end();
        return new Authenticate(tag, mechanism, initialResponse);
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
    private static boolean isTag(String candidate) {
        return candidate.chars().allMatch(c -> c != '+' && (ImapArguments.isAtomChar(c) || c == ']'));
    }
}
