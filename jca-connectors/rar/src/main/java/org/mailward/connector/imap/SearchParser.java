package org.mailward.connector.imap;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

import org.mailward.connector.spi.mailbox.SearchKey;

/**
 * Reads a SEARCH program (RFC 9051 section 6.4.4): keys one after the other, all of which must
 * match. Message sets become UID ranges through the session's numbering ({@code toUids}, given
 * the set and whether it names UIDs).
 */
final class SearchParser {

    /** {@code date}: {@code d-MMM-yyyy}, the day in one or two digits, optionally quoted. */
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);

    private final ImapArguments arguments;
    private final BiFunction<SequenceSet, Boolean, SearchKey> toUids;

    private SearchParser(ImapArguments arguments, BiFunction<SequenceSet, Boolean, SearchKey> toUids) {
        this.arguments = arguments;
        this.toUids = toUids;
    }

    /** Reads {@code [CHARSET charset] key *(SP key)} after the command name; the charset must be UTF-8 or US-ASCII. */
    static SearchKey parse(ImapArguments arguments, BiFunction<SequenceSet, Boolean, SearchKey> toUids)
            throws ImapArguments.SyntaxException, UnsupportedCharset {
        SearchParser parser = new SearchParser(arguments, toUids);
        arguments.space();
        if (parser.peekWord().equals("CHARSET")) {
            arguments.atom();
            requireKnown(arguments.space().astring());
            arguments.space();
        }
        return parser.program();
    }

    /** Reads {@code SP charset SP key *(SP key)}: SORT and THREAD name the charset without CHARSET (RFC 5256 section 5). */
    static SearchKey parseAfterCharset(ImapArguments arguments, BiFunction<SequenceSet, Boolean, SearchKey> toUids)
            throws ImapArguments.SyntaxException, UnsupportedCharset {
        requireKnown(arguments.space().astring());
        arguments.space();
        return new SearchParser(arguments, toUids).program();
    }

    private static void requireKnown(String charset) throws UnsupportedCharset {
        String name = charset.toUpperCase(Locale.ROOT);
        if (!name.equals("UTF-8") && !name.equals("US-ASCII")) {
            throw new UnsupportedCharset();
        }
    }

    /** {@code key *(SP key)} to the end, all of which must match. */
    private SearchKey program() throws ImapArguments.SyntaxException {
        List<SearchKey> keys = new ArrayList<>();
        do {
            keys.add(key());
        } while (arguments.take(' '));
        arguments.end();
        return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
    }

    /** A CHARSET other than UTF-8 and US-ASCII: answered {@code NO [BADCHARSET (UTF-8 US-ASCII)]}. */
    static final class UnsupportedCharset extends Exception {

        UnsupportedCharset() {
            super(null, null, false, false);
        }
    }

    private String peekWord() {
        StringBuilder word = new StringBuilder();
        for (int i = 0; ; i++) {
            int c = arguments.peekAt(i);
            if (c < 0 || c == ' ' || c == ')' || c == '(') {
                return word.toString().toUpperCase(Locale.ROOT);
            }
            word.append((char) c);
        }
    }

    private SearchKey key() throws ImapArguments.SyntaxException {
        if (arguments.take('(')) {
            List<SearchKey> keys = new ArrayList<>();
            do {
                keys.add(key());
            } while (arguments.take(' '));
            arguments.expect(')');
            return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(List.copyOf(keys));
        }
        int first = arguments.peek();
        if (first == '*' || first == '$' || (first >= '0' && first <= '9')) {
            return toUids.apply(arguments.sequenceSet(), false);
        }
        String name = arguments.atom().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> flag(name, true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" -> flag(name.substring(2), false);
            case "KEYWORD" -> new SearchKey.Flag(arguments.space().atom(), true);
            case "UNKEYWORD" -> new SearchKey.Flag(arguments.space().atom(), false);
            // No message is \Recent here: a session is never told one is.
            case "NEW", "RECENT" -> new SearchKey.Not(new SearchKey.All());
            case "OLD" -> new SearchKey.All();
            case "BCC", "CC", "FROM", "SUBJECT", "TO" -> new SearchKey.Header(name, arguments.space().astring());
            case "HEADER" -> new SearchKey.Header(arguments.space().astring(), arguments.space().astring());
            case "BODY" -> new SearchKey.Text(arguments.space().astring(), true);
            case "TEXT" -> new SearchKey.Text(arguments.space().astring(), false);
            case "LARGER" -> new SearchKey.Size(arguments.space().number(), true);
            case "SMALLER" -> new SearchKey.Size(arguments.space().number(), false);
            case "BEFORE" -> date(SearchKey.Relation.BEFORE, false);
            case "ON" -> date(SearchKey.Relation.ON, false);
            case "SINCE" -> date(SearchKey.Relation.SINCE, false);
            case "SENTBEFORE" -> date(SearchKey.Relation.BEFORE, true);
            case "SENTON" -> date(SearchKey.Relation.ON, true);
            case "SENTSINCE" -> date(SearchKey.Relation.SINCE, true);
            case "NOT" -> new SearchKey.Not(nextKey());
            case "OR" -> {
                SearchKey left = nextKey();
                yield new SearchKey.Or(left, nextKey());
            }
            case "UID" -> toUids.apply(arguments.space().sequenceSet(), true);
            default -> throw new ImapArguments.SyntaxException("Unknown search key " + name);
        };
    }

    private SearchKey nextKey() throws ImapArguments.SyntaxException {
        arguments.space();
        return key();
    }

    private static SearchKey flag(String name, boolean set) {
        return new SearchKey.Flag("\\" + name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT), set);
    }

    private SearchKey date(SearchKey.Relation relation, boolean sent) throws ImapArguments.SyntaxException {
        String text = arguments.space().astring();
        try {
            return new SearchKey.Date(LocalDate.parse(text, DATE), relation, sent);
        } catch (DateTimeParseException e) {
            throw new ImapArguments.SyntaxException("Invalid date " + text);
        }
    }
}
