package org.mailward.connector.imap;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.function.IntToLongFunction;

import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.connector.spi.mailbox.ThreadAlgorithm;

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

    /**
     * SELECT, or EXAMINE ({@code readOnly}), with the parameters of RFC 7162: {@code CONDSTORE}, and
     * {@code QRESYNC (...)} (null without).
     */
    record Select(String tag, String mailbox, boolean readOnly, boolean condstore, Qresync qresync, String denormalized)
            implements ImapCommand {
    }

    /**
     * SELECT's QRESYNC parameter (RFC 7162 section 3.2.5): what the client knew of the mailbox.
     *
     * @param knownUids     the UIDs the client knows of, null for all
     * @param sequenceMatch message numbers with the UIDs the client had for them, null if not given
     */
    record Qresync(long uidValidity, long modseq, SequenceSet knownUids, SequenceMatch sequenceMatch) {
    }

    /**
     * QRESYNC's {@code seq-match-data} (RFC 7162 section 3.2.5.2): message numbers and, pair by pair,
     * the UIDs the client had for them. Where a pair still holds, the client already has every
     * message up to that UID as the mailbox has it, so no expunge below it is news to the client.
     */
    record SequenceMatch(SequenceSet sequences, SequenceSet uids) {

        /**
         * The UID of the last pair that holds before the first that does not, 0 if the first does
         * not; {@code uidAt} gives the UID of a message number up to {@code count}. Pairs are read
         * only while they hold, so a client's wide ranges cost no more than the mailbox has messages.
         */
        long matchedUpTo(int count, IntToLongFunction uidAt) {
            PrimitiveIterator.OfLong numbers = sequences.values();
            PrimitiveIterator.OfLong known = uids.values();
            long matched = 0;
            while (numbers.hasNext() && known.hasNext()) {
                long number = numbers.nextLong();
                long uid = known.nextLong();
                if (number > count || uidAt.applyAsLong((int) number) != uid) {
                    break;
                }
                matched = uid;
            }
            return matched;
        }
    }

    /**
     * CREATE, with the special use asked for ({@code USE (\Sent)}, RFC 6154 section 3), or null.
     *
     * @param denormalized the name as the client supplied it, when normalizing changed it (the
     *                     OLDNAME of RFC 9051 section 6.3.9.7); else null, as for DELETE and SELECT
     */
    record Create(String tag, String mailbox, String specialUse, String denormalized) implements ImapCommand {
    }

    record Delete(String tag, String mailbox, String denormalized) implements ImapCommand {
    }

    /** @param denormalized the existing name as supplied, when normalizing changed either name (RFC 9051 section 6.3.6); else null */
    record Rename(String tag, String mailbox, String newName, String denormalized) implements ImapCommand {
    }

    /** SUBSCRIBE, or UNSUBSCRIBE. */
    record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand {
    }

    /** LIST, or LSUB ({@code subscribedOnly}); several patterns and the options need LIST-EXTENDED's syntax (RFC 5258). */
    record ListMailboxes(String tag, String reference, List<String> patterns, boolean subscribedOnly, ListOptions options)
            implements ImapCommand {
    }

    /**
     * LIST-EXTENDED's options (RFC 5258 section 3): selection options (SUBSCRIBED, REMOTE,
     * RECURSIVEMATCH, SPECIAL-USE) and return options (SUBSCRIBED, CHILDREN, SPECIAL-USE, STATUS
     * with its items, RFC 5819), in upper case.
     *
     * @param extended whether the command used the extended syntax at all
     */
    record ListOptions(boolean extended, Set<String> selection, Set<String> returns, List<String> statusItems) {

        static final ListOptions NONE = new ListOptions(false, Set.of(), Set.of(), List.of());
        static final Set<String> SELECTION = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
        static final Set<String> RETURNS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");
    }

    record Status(String tag, String mailbox, List<String> items) implements ImapCommand {
    }

    /** CHECK, CLOSE or UNSELECT: commands of the selected state without arguments. */
    record Selected(String tag, String name) implements ImapCommand {
    }

    /** EXPUNGE, or UID EXPUNGE with its UID set. */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand {
    }

    /**
     * FETCH or UID FETCH, with RFC 7162's modifiers: CHANGEDSINCE (null without) and, for UID FETCH
     * under QRESYNC, VANISHED.
     */
    record Fetch(String tag, boolean byUid, SequenceSet messages, List<FetchItem> items, Long changedSince, boolean vanished)
            implements ImapCommand {
    }

    /** STORE or UID STORE, with RFC 7162's UNCHANGEDSINCE (null without). */
    record Store(String tag, boolean byUid, SequenceSet messages, FlagChange change, boolean silent, List<String> flags,
                 Long unchangedSince) implements ImapCommand {
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

    /**
     * SEARCH or UID SEARCH; its program is read by the session, which numbers the messages ({@link SearchParser}).
     *
     * @param returns what {@code RETURN (...)} asks for (RFC 4731, RFC 5182); null without RETURN
     */
    record Search(String tag, boolean byUid, Set<SearchReturn> returns, ImapArguments program) implements ImapCommand {
    }

    /** The result options of SEARCH RETURN: ESEARCH's (RFC 4731 section 3.1), and SAVE for {@code $} (RFC 5182). */
    enum SearchReturn { MIN, MAX, ALL, COUNT, SAVE }

    /**
     * SORT or UID SORT (RFC 5256) with its criteria; the charset and search program that follow are
     * read by the session ({@link SearchParser#parseAfterCharset}).
     */
    record Sort(String tag, boolean byUid, List<SortCriterion> criteria, ImapArguments program) implements ImapCommand {
    }

    /** THREAD or UID THREAD (RFC 5256) with its algorithm; the charset and search program follow, as for SORT. */
    record ThreadMessages(String tag, boolean byUid, ThreadAlgorithm algorithm, ImapArguments program) implements ImapCommand {
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

    static ImapCommand parse(String line, List<byte[]> literals) {
        return parse(line, literals, MailboxNames.MODIFIED_UTF7);
    }

    /**
     * @param literals the contents of the literals in {@code line}, in order (see {@link ImapArguments})
     * @param names    how the client writes mailbox names; they are given here as stored
     */
    static ImapCommand parse(String line, List<byte[]> literals, MailboxNames names) {
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
        ImapArguments arguments = new ImapArguments(rest.substring(name.length()), literals, names);
        try {
            return switch (name.toUpperCase(Locale.ROOT)) {
                case "CAPABILITY" -> noArguments(new Capability(tag), arguments);
                case "NOOP" -> noArguments(new Noop(tag), arguments);
                case "LOGOUT" -> noArguments(new Logout(tag), arguments);
                case "STARTTLS" -> noArguments(new StartTls(tag), arguments);
                case "LOGIN" -> login(tag, arguments);
                case "AUTHENTICATE" -> authenticate(tag, arguments);
                case "SELECT" -> select(tag, arguments, false);
                case "EXAMINE" -> select(tag, arguments, true);
                case "CREATE" -> create(tag, arguments);
                case "DELETE" -> delete(tag, arguments);
                case "RENAME" -> rename(tag, arguments);
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
                case "SEARCH" -> search(tag, false, arguments);
                case "SORT" -> sort(tag, false, arguments);
                case "THREAD" -> thread(tag, false, arguments);
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

    /** The last argument, a mailbox name. */
    private static String lastMailbox(ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = arguments.space().mailbox();
        arguments.end();
        return mailbox;
    }

    private static String lastAstring(ImapArguments arguments) throws ImapArguments.SyntaxException {
        String value = arguments.space().astring();
        arguments.end();
        return value;
    }

    /** {@code SELECT mailbox [SP "(" select-param *(SP select-param) ")"]}: CONDSTORE and QRESYNC (RFC 7162 section 7). */
    private static Select select(String tag, ImapArguments arguments, boolean readOnly) throws ImapArguments.SyntaxException {
        String supplied = arguments.space().suppliedMailbox();
        Map<String, Object> parameters = parameters(arguments, "SELECT parameter", name -> switch (name) {
            case "CONDSTORE" -> true;
            case "QRESYNC" -> qresync(arguments.space());
            default -> null;
        });
        arguments.end();
        return new Select(tag, MailboxNames.normalized(supplied), readOnly, parameters.containsKey("CONDSTORE"),
                (Qresync) parameters.get("QRESYNC"), denormalized(supplied));
    }

    private static Delete delete(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String supplied = arguments.space().suppliedMailbox();
        arguments.end();
        return new Delete(tag, MailboxNames.normalized(supplied), denormalized(supplied));
    }

    private static Rename rename(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String supplied = arguments.space().suppliedMailbox();
        String suppliedNewName = arguments.space().suppliedMailbox();
        arguments.end();
        boolean normalizedEither = denormalized(supplied) != null || denormalized(suppliedNewName) != null;
        return new Rename(tag, MailboxNames.normalized(supplied), MailboxNames.normalized(suppliedNewName),
                normalizedEither ? supplied : null);
    }

    /** The supplied name if normalizing changes it (RFC 9051 section 5.1), else null. */
    private static String denormalized(String supplied) {
        return MailboxNames.normalized(supplied).equals(supplied) ? null : supplied;
    }

    /** Reads the value that follows a parameter's name; null for a name it does not know. */
    interface ParameterValue {
        Object read(String name) throws ImapArguments.SyntaxException;
    }

    /**
     * {@code [SP "(" parameter *(SP parameter) ")"]} (RFC 4466 section 2.1): the parameters by their
     * names, in upper case, each with the value {@code value} reads after it.
     */
    private static Map<String, Object> parameters(ImapArguments arguments, String kind, ParameterValue value)
            throws ImapArguments.SyntaxException {
        Map<String, Object> parameters = new HashMap<>();
        if (arguments.takeIgnoringCase(" (")) {
            do {
                String name = arguments.atom().toUpperCase(Locale.ROOT);
                Object read = value.read(name);
                if (read == null) {
                    throw new ImapArguments.SyntaxException("Unknown " + kind + " " + name);
                }
                parameters.put(name, read);
            } while (arguments.take(' '));
            arguments.expect(')');
        }
        return parameters;
    }

    /** {@code "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")"}. */
    private static Qresync qresync(ImapArguments arguments) throws ImapArguments.SyntaxException {
        arguments.expect('(');
        long uidValidity = arguments.number();
        long modseq = arguments.space().number();
        SequenceSet knownUids = null;
        boolean more = arguments.take(' ');
        if (more && arguments.peek() != '(') {
            knownUids = arguments.sequenceSet();
            more = arguments.take(' ');
        }
        SequenceMatch sequenceMatch = null;
        if (more) {
            arguments.expect('(');
            SequenceSet sequences = arguments.sequenceSet();
            SequenceSet uids = arguments.space().sequenceSet();
            arguments.expect(')');
            // RFC 7162 section 7: no "*" in either set, and a UID for each message number
            if (sequences.isSaved() || uids.isSaved() || sequences.hasLargest() || uids.hasLargest() || sequences.size() != uids.size()) {
                throw new ImapArguments.SyntaxException("Invalid QRESYNC seq-match-data");
            }
            sequenceMatch = new SequenceMatch(sequences, uids);
        }
        arguments.expect(')');
        return new Qresync(uidValidity, modseq, knownUids, sequenceMatch);
    }

    /** {@code CREATE mailbox [(USE (attribute))]} (RFC 6154 section 3): one special use at most. */
    private static Create create(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String supplied = arguments.space().suppliedMailbox();
        String specialUse = null;
        if (arguments.takeIgnoringCase(" (USE (")) {
            arguments.expect('\\');
            specialUse = "\\" + arguments.atom();
            arguments.expect(')');
            arguments.expect(')');
        }
        arguments.end();
        return new Create(tag, MailboxNames.normalized(supplied), specialUse, denormalized(supplied));
    }

    /**
     * {@code LIST [(selection)] reference (pattern / (pattern ...)) [RETURN (options)]} (RFC 5258
     * section 6); LSUB has neither options nor several patterns. RECURSIVEMATCH needs SUBSCRIBED,
     * the one selection whose matches it can report (CHILDINFO).
     */
    private static ListMailboxes list(String tag, ImapArguments arguments, boolean subscribedOnly)
            throws ImapArguments.SyntaxException {
        arguments.space();
        boolean extended = false;
        Set<String> selection = Set.of();
        if (!subscribedOnly && arguments.peek() == '(') {
            extended = true;
            selection = listOptions(arguments, ListOptions.SELECTION, "selection", null);
            arguments.space();
            if (selection.contains("RECURSIVEMATCH") && !selection.contains("SUBSCRIBED")) {
                throw new ImapArguments.SyntaxException("RECURSIVEMATCH needs SUBSCRIBED");
            }
        }
        String reference = arguments.mailbox();
        List<String> patterns = new ArrayList<>();
        arguments.space();
        if (!subscribedOnly && arguments.take('(')) {
            extended = true;
            do {
                patterns.add(arguments.mailboxPattern());
            } while (arguments.take(' '));
            arguments.expect(')');
        } else {
            patterns.add(arguments.mailboxPattern());
        }
        Set<String> returns = Set.of();
        List<String> statusItems = new ArrayList<>();
        if (!subscribedOnly && arguments.takeIgnoringCase(" RETURN ")) {
            extended = true;
            returns = listOptions(arguments, ListOptions.RETURNS, "return", statusItems);
        }
        arguments.end();
        return new ListMailboxes(tag, reference, List.copyOf(patterns), subscribedOnly,
                extended ? new ListOptions(true, selection, returns, List.copyOf(statusItems)) : ListOptions.NONE);
    }

    /**
     * {@code "(" [option *(SP option)] ")"}, each one of {@code known}, in any order (RFC 9051
     * section 6.3.9). An option given twice counts once; STATUS given twice asks for the items of
     * both.
     *
     * @param statusItems where STATUS's items go, in the order asked, each once
     */
    private static Set<String> listOptions(ImapArguments arguments, Set<String> known, String kind, List<String> statusItems)
            throws ImapArguments.SyntaxException {
        Set<String> options = new HashSet<>();
        arguments.expect('(');
        if (arguments.take(')')) {
            return options;
        }
        do {
            String option = arguments.atom().toUpperCase(Locale.ROOT);
            if (!known.contains(option)) {
                throw new ImapArguments.SyntaxException("Unknown LIST " + kind + " option " + option);
            }
            options.add(option);
            if (option.equals("STATUS")) {
                arguments.space().statusItems().stream().filter(item -> !statusItems.contains(item)).forEach(statusItems::add);
            }
        } while (arguments.take(' '));
        arguments.expect(')');
        return options;
    }

    private static Status status(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = arguments.space().mailbox();
        List<String> items = arguments.space().statusItems();
        arguments.end();
        return new Status(tag, mailbox, items);
    }

    /**
     * {@code FETCH sequence-set items [SP "(" fetch-modifier *(SP fetch-modifier) ")"]}; VANISHED
     * goes only with UID FETCH and CHANGEDSINCE (RFC 7162 section 3.2.6).
     */
    private static Fetch fetch(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        List<FetchItem> items = FetchItem.parse(arguments.space());
        Map<String, Object> modifiers = parameters(arguments, "FETCH modifier", name -> switch (name) {
            case "CHANGEDSINCE" -> arguments.space().number();
            case "VANISHED" -> true;
            default -> null;
        });
        arguments.end();
        Long changedSince = (Long) modifiers.get("CHANGEDSINCE");
        boolean vanished = modifiers.containsKey("VANISHED");
        if (vanished && (!byUid || changedSince == null)) {
            throw new ImapArguments.SyntaxException("VANISHED needs UID FETCH and CHANGEDSINCE");
        }
        return new Fetch(tag, byUid, messages, items, changedSince, vanished);
    }

    /** {@code STORE sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP action flags} (RFC 7162 section 3.1.3). */
    private static Store store(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        Map<String, Object> modifiers = parameters(arguments, "STORE modifier",
                name -> name.equals("UNCHANGEDSINCE") ? arguments.space().number() : null);
        Long unchangedSince = (Long) modifiers.get("UNCHANGEDSINCE");
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
        return new Store(tag, byUid, messages, change, silent, flags, unchangedSince);
    }

    private static Copy copy(String tag, boolean byUid, ImapArguments arguments, boolean move) throws ImapArguments.SyntaxException {
        SequenceSet messages = arguments.space().sequenceSet();
        return new Copy(tag, byUid, messages, lastMailbox(arguments), move);
    }

    /** {@code SEARCH [RETURN (option ...)] program}; an empty RETURN list is ALL (RFC 4731 section 3.1). */
    private static Search search(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        if (!arguments.takeIgnoringCase(" RETURN (")) {
            return new Search(tag, byUid, null, arguments);
        }
        Set<SearchReturn> returns = EnumSet.noneOf(SearchReturn.class);
        if (!arguments.take(')')) {
            do {
                String option = arguments.atom().toUpperCase(Locale.ROOT);
                try {
                    returns.add(SearchReturn.valueOf(option));
                } catch (IllegalArgumentException e) {
                    throw new ImapArguments.SyntaxException("Unknown SEARCH RETURN option " + option);
                }
            } while (arguments.take(' '));
            arguments.expect(')');
        }
        return new Search(tag, byUid, returns.isEmpty() ? EnumSet.of(SearchReturn.ALL) : returns, arguments);
    }

    /** {@code SORT (sort-criterion *(SP sort-criterion)) ...}, a criterion being {@code [REVERSE SP] sort-key} (RFC 5256 section 5). */
    private static Sort sort(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        List<SortCriterion> criteria = new ArrayList<>();
        arguments.space().expect('(');
        do {
            String key = arguments.atom().toUpperCase(Locale.ROOT);
            boolean reverse = key.equals("REVERSE");
            if (reverse) {
                key = arguments.space().atom().toUpperCase(Locale.ROOT);
            }
            try {
                criteria.add(new SortCriterion(SortCriterion.Key.valueOf(key), reverse));
            } catch (IllegalArgumentException e) {
                throw new ImapArguments.SyntaxException("Unknown sort criterion " + key);
            }
        } while (arguments.take(' '));
        arguments.expect(')');
        return new Sort(tag, byUid, List.copyOf(criteria), arguments);
    }

    /** {@code THREAD thread-alg ...} (RFC 5256 section 5). */
    private static ThreadMessages thread(String tag, boolean byUid, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String algorithm = arguments.space().atom().toUpperCase(Locale.ROOT);
        try {
            return new ThreadMessages(tag, byUid, ThreadAlgorithm.valueOf(algorithm), arguments);
        } catch (IllegalArgumentException e) {
            throw new ImapArguments.SyntaxException("Unknown threading algorithm " + algorithm);
        }
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

    /**
     * {@code APPEND mailbox [flag-list] [date-time] message} (RFC 9051 section 6.3.12), the
     * message a literal, a literal8 (BINARY, RFC 3516 section 4.4) or {@code UTF8 (literal8)}
     * (RFC 6855 section 4).
     */
    private static Append append(String tag, ImapArguments arguments) throws ImapArguments.SyntaxException {
        String mailbox = arguments.space().mailbox();
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
        if (arguments.takeIgnoringCase("UTF8 (")) {
            arguments.literal8();
            arguments.expect(')');
        } else {
            arguments.literal8();
        }
        arguments.end();
        return new Append(tag, mailbox, flags, internalDate);
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
            case "SEARCH" -> search(tag, true, arguments);
            case "SORT" -> sort(tag, true, arguments);
            case "THREAD" -> thread(tag, true, arguments);
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
