package org.mailward.connector.imap;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mailward.connector.spi.mailbox.FlagChange;

/** An IMAP command line, parsed: {@code tag SP command [SP arguments]} (RFC 9051 section 9, {@code command}). */
public sealed interface ImapCommand {

    record Capability(String tag) implements ImapCommand {
    }

    record Noop(String tag) implements ImapCommand {
    }

    record Logout(String tag) implements ImapCommand {
    }

    record StartTls(String tag) implements ImapCommand {
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

    /** SELECT, or EXAMINE ({@code readOnly}). */
    record Select(String tag, String mailbox, boolean readOnly) implements ImapCommand {
    }

    record Create(String tag, String mailbox) implements ImapCommand {
    }

    record Delete(String tag, String mailbox) implements ImapCommand {
    }

    record Rename(String tag, String mailbox, String newName) implements ImapCommand {
    }

    /** SUBSCRIBE, or UNSUBSCRIBE. */
    record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {
    }

    /** LIST, or LSUB ({@code subscribedOnly}). */
    record ListMailboxes(String tag, String reference, String pattern, boolean subscribedOnly) implements ImapCommand {
    }

    record Status(String tag, String mailbox, List<String> items) implements ImapCommand {
    }

    /** CHECK, CLOSE or UNSELECT: commands of the selected state without arguments. */
    record Selected(String tag, String name) implements ImapCommand {
    }

    /** EXPUNGE, or UID EXPUNGE with its UID set. */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand {
    }

    record Fetch(String tag, boolean byUid, SequenceSet messages, List<FetchItem> items) implements ImapCommand {
    }

    record Store(String tag, boolean byUid, SequenceSet messages, FlagChange change, boolean silent, List<String> flags)
            implements ImapCommand {
    }

    /**
     * APPEND: the message is the command's last literal, which the session keeps aside.
     *
     * @param internalDate null when the client gave none
     */
    record Append(String tag, String mailbox, List<String> flags, Instant internalDate) implements ImapCommand {
    }

    /** COPY or MOVE, by sequence numbers or UIDs. */
    record Copy(String tag, boolean byUid, SequenceSet messages, String mailbox, boolean move) implements ImapCommand {
    }

    /** SEARCH or UID SEARCH; its program is read by the session, which numbers the messages ({@link SearchParser}). */
    record Search(String tag, boolean byUid, ImapArguments program) implements ImapCommand {
    }

    /** IDLE (RFC 2177): updates as they happen until the client sends DONE. */
    record Idle(String tag) implements ImapCommand {
    }

    record Namespace(String tag) implements ImapCommand {
    }

    /** ID (RFC 2971): what the client says of itself is only logged. */
    record Id(String tag, String client) implements ImapCommand {
    }

    /** ENABLE (RFC 5161) with the capabilities the client asks for. */
    record Enable(String tag, List<String> capabilities) implements ImapCommand {
    }

    /** COMPRESS (RFC 4978) with the mechanism asked for, in upper case. */
    record Compress(String tag, String mechanism) implements ImapCommand {
    }

    /** GETQUOTAROOT (RFC 9208): the quota roots of a mailbox, with their quotas. */
    record GetQuotaRoot(String tag, String mailbox) implements ImapCommand {
    }

    record GetQuota(String tag, String root) implements ImapCommand {
    }

    /** SETQUOTA: parsed only to be refused, as administrators set quotas. */
    record SetQuota(String tag, String root) implements ImapCommand {
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

    /** {@code date-time}: {@code "dd-MMM-yyyy HH:mm:ss +zzzz"}, the day possibly space-padded. */
    DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("ppd-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);

    static ImapCommand parse(String line) {
        return parse(line, List.of());
    }

    /** @param literals the contents of the literals in {@code line}, in order (see {@link ImapArguments}) */
    static ImapCommand parse(String line, List<byte[]> literals) {
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
        ImapArguments arguments = new ImapArguments(rest.substring(name.length()), literals);
        try {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "CAPABILITY" -> noArguments(new Capability(tag), arguments);
                case "NOOP" -> noArguments(new Noop(tag), arguments);
                case "LOGOUT" -> noArguments(new Logout(tag), arguments);
                case "STARTTLS" -> noArguments(new StartTls(tag), arguments);
                case "LOGIN" -> login(tag, arguments);
                case "AUTHENTICATE" -> authenticate(tag, arguments);
                case "SELECT" -> new Select(tag, lastMailbox(arguments), false);
                case "EXAMINE" -> new Select(tag, lastMailbox(arguments), true);
                case "CREATE" -> new Create(tag, lastMailbox(arguments));
                case "DELETE" -> new Delete(tag, lastMailbox(arguments));
                case "RENAME" -> new Rename(tag, arguments.space().astring(), lastMailbox(arguments));
                case "SUBSCRIBE" -> new Subscribe(tag, lastMailbox(arguments), true);
                case "UNSUBSCRIBE" -> new Subscribe(tag, lastMailbox(arguments), false);
                case "LIST" -> list(tag, arguments, false);
                case "LSUB" -> list(tag, arguments, true);
                case "STATUS" -> status(tag, arguments);
                case "CHECK", "CLOSE", "UNSELECT" -> noArguments(new Selected(tag, name.toUpperCase(Locale.ROOT)), arguments);
                case "EXPUNGE" -> noArguments(new Expunge(tag, null), arguments);
                case "FETCH" -> fetch(tag, false, arguments);
                case "STORE" -> store(tag, false, arguments);
                case "UID" -> uid(tag, arguments);
                case "APPEND" -> append(tag, arguments);
                case "SEARCH" -> new Search(tag, false, arguments);
                case "NAMESPACE" -> noArguments(new Namespace(tag), arguments);
                case "IDLE" -> noArguments(new Idle(tag), arguments);
                case "ID" -> id(tag, arguments);
                case "ENABLE" -> enable(tag, arguments);
                case "COPY" -> copy(tag, false, arguments, false);
                case "MOVE" -> copy(tag, false, arguments, true);
                case "COMPRESS" -> compress(tag, arguments);
                case "GETQUOTAROOT" -> new GetQuotaRoot(tag, lastMailbox(arguments));
                case "GETQUOTA" -> new GetQuota(tag, lastAstring(arguments));
                case "SETQUOTA" -> setQuota(tag, arguments);
                default -> new Unknown(tag, name);
            };
        } catch (ImapArguments.SyntaxException e) {
            return new Malformed(tag, e.getMessage());
        }
    }

    private static ImapCommand noArguments(ImapCommand command, ImapArguments arguments) throws ImapArguments.SyntaxException {
        arguments.end();
        return command;
    }

    /** The last argument, a mailbox name; INBOX in any case is INBOX (RFC 9051 section 5.1). */
    private static String lastMailbox(ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = lastAstring(arguments);
        return mailbox.equalsIgnoreCase("INBOX") ? "INBOX" : mailbox;
    }

    private static String lastAstring(ImapArguments arguments) throws ImapArguments.SyntaxException {
        String value = arguments.space().astring();
        arguments.end();
        return value;
    }

    private static ListMailboxes list(String tag, ImapArguments arguments, boolean subscribedOnly)
            throws ImapArguments.SyntaxException {
        String reference = arguments.space().astring();
        String pattern = arguments.space().listMailbox();
        arguments.end();
        return new ListMailboxes(tag, reference, pattern, subscribedOnly);
    }

    private static Status status(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = arguments.space().astring();
        arguments.space().expect('(');
        List<String> items = new ArrayList<>();
        do {
            items.add(arguments.atom().toUpperCase(Locale.ROOT));
        } while (arguments.take(' '));
        arguments.expect(')');
        arguments.end();
        return new Status(tag, mailbox.equalsIgnoreCase("INBOX") ? "INBOX" : mailbox, items);
    }

    private static Fetch fetch(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        List<FetchItem> items = FetchItem.parse(arguments.space());
        arguments.end();
        return new Fetch(tag, byUid, messages, items);
    }

    private static Store store(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        String action = arguments.space().atom().toUpperCase(Locale.ROOT);
        boolean silent = action.endsWith(".SILENT");
        FlagChange change = switch (silent ? action.substring(0, action.length() - ".SILENT".length()) : action) {
            case "FLAGS" -> FlagChange.REPLACE;
            case "+FLAGS" -> FlagChange.ADD;
            case "-FLAGS" -> FlagChange.REMOVE;
            default -> throw new ImapArguments.SyntaxException("Invalid STORE action " + action);
        };
        arguments.space();
        List<String> flags;
        if (arguments.peek() == '(') {
            flags = flagList(arguments);
        } else {
            flags = new ArrayList<>();
            do {
                flags.add(flag(arguments));
            } while (arguments.take(' '));
        }
        arguments.end();
        return new Store(tag, byUid, messages, change, silent, flags);
    }

    private static Copy copy(String tag, boolean byUid, ImapArguments arguments, boolean move) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        return new Copy(tag, byUid, messages, lastMailbox(arguments), move);
    }

    /** {@code ID ( NIL / "(" string SP nstring *(SP string SP nstring) ")" )}, kept as the text the client sent. */
    private static Id id(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        arguments.space();
        if (arguments.peek() != '(') {
            if (!arguments.atom().equalsIgnoreCase("NIL")) {
                throw new ImapArguments.SyntaxException("ID takes NIL or a parenthesised list");
            }
            arguments.end();
            return new Id(tag, "NIL");
        }
        String client = arguments.until("");
        if (!client.endsWith(")")) {
            throw new ImapArguments.SyntaxException("Unterminated ID list");
        }
        return new Id(tag, client);
    }

    private static Enable enable(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        List<String> capabilities = new ArrayList<>();
        do {
            capabilities.add(arguments.space().atom().toUpperCase(Locale.ROOT));
        } while (!arguments.atEnd());
        return new Enable(tag, capabilities);
    }

    /** {@code SETQUOTA quota-root "(" [setquota-resource *(SP setquota-resource)] ")"}, a resource being a name and a number. */
    private static SetQuota setQuota(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String root = arguments.space().astring();
        arguments.space().expect('(');
        if (!arguments.take(')')) {
            do {
                arguments.atom();
                arguments.space().atom();
            } while (arguments.take(' '));
            arguments.expect(')');
        }
        arguments.end();
        return new SetQuota(tag, root);
    }

    private static Compress compress(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mechanism = arguments.space().atom();
        arguments.end();
        return new Compress(tag, mechanism.toUpperCase(Locale.ROOT));
    }

    /** {@code APPEND mailbox [flag-list] [date-time] literal} (RFC 9051 section 6.3.12). */
    private static Append append(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = arguments.space().astring();
        arguments.space();
        List<String> flags = List.of();
        if (arguments.peek() == '(') {
            flags = flagList(arguments);
            arguments.space();
        }
        Instant internalDate = null;
        if (arguments.peek() == '"') {
            String date = arguments.string();
            try {
                internalDate = ZonedDateTime.parse(date, DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new ImapArguments.SyntaxException("Invalid date-time " + date);
            }
            arguments.space();
        }
        arguments.literal();
        arguments.end();
        return new Append(tag, mailbox.equalsIgnoreCase("INBOX") ? "INBOX" : mailbox, flags, internalDate);
    }

    /** {@code flag-list}: {@code (} flags separated by single spaces, maybe none, {@code )}. */
    private static List<String> flagList(ImapArguments arguments) throws ImapArguments.SyntaxException {
        List<String> flags = new ArrayList<>();
        arguments.expect('(');
        if (!arguments.take(')')) {
            do {
                flags.add(flag(arguments));
            } while (arguments.take(' '));
            arguments.expect(')');
        }
        return flags;
    }

    /** {@code flag}: a system flag ({@code \Seen}) or a keyword (an atom). */
    private static String flag(ImapArguments arguments) throws ImapArguments.SyntaxException {
        return arguments.take('\\') ? "\\" + arguments.atom() : arguments.atom();
    }

    private static ImapCommand uid(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String command = arguments.space().atom().toUpperCase(Locale.ROOT);
        return switch (command) {
            case "FETCH" -> fetch(tag, true, arguments);
            case "STORE" -> store(tag, true, arguments);
            case "COPY" -> copy(tag, true, arguments, false);
            case "SEARCH" -> new Search(tag, true, arguments);
            case "MOVE" -> copy(tag, true, arguments, true);
            case "EXPUNGE" -> {
                SequenceSet uids = arguments.space().sequenceSet();
                arguments.end();
                yield new Expunge(tag, uids);
            }
            default -> throw new ImapArguments.SyntaxException("Unknown or unsupported UID command " + command);
        };
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
