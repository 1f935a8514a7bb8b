package org.mailward.connector.imap;

import java.util.Locale;

/** An IMAP command line, parsed: {@code tag SP command [SP arguments]} (RFC 3501 section 9, {@code command}). */
public sealed interface ImapCommand {

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    /** A well-formed line naming a command this server does not implement. */
    record Unknown(String tag, String name) implements ImapCommand {
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
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "CAPABILITY" -> new Capability(tag);
            case "NOOP" -> new Noop(tag);
            case "LOGOUT" -> new Logout(tag);
            default -> new Unknown(tag, name);
        };
    }

    /** {@code tag = 1*<any ASTRING-CHAR except "+">}: printable ASCII without atom-specials. */
    private static boolean isTag(String candidate) {
        return candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f && "(){%*\"\\+".indexOf(c) < 0);
    }
}
