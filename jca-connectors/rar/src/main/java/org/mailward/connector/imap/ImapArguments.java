package org.mailward.connector.imap;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the arguments of one IMAP command (RFC 9051 section 9): single spaces between them,
 * strings as atoms, quoted strings or literals. The session has already read each literal's
 * octets: the text is the command's lines joined, each literal left as its {@code {n}} or
 * {@code {n+}} marker, and the literals' contents come in order beside it.
 */
final class ImapArguments {

    /** The line breaks the grammar; the message is the client-facing text of the {@code BAD} reply. */
    static final class SyntaxException extends Exception {

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> STATUS_ITEMS = Set.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "RECENT", "DELETED-STORAGE",
            "HIGHESTMODSEQ");

    private final String text;
    private final List<byte[]> literals;
    private final MailboxNames names;
    private int position;
    private int nextLiteral;

    ImapArguments(String text) {
        this(text, List.of(), MailboxNames.MODIFIED_UTF7);
    }

    ImapArguments(String text, List<byte[]> literals, MailboxNames names) {
        this.text = text;
        this.literals = literals;
        this.names = names;
    }

    /** {@code SP}: exactly one space before the next argument. */
    ImapArguments space() throws SyntaxException {
        if (atEnd()) {
            throw new SyntaxException("Missing argument");
        }
        if (text.charAt(position) != ' ') {
            throw new SyntaxException("Invalid argument");
        }
        position++;
        return this;
    }

    boolean atEnd() {
        return position == text.length();
    }

    void end() throws SyntaxException {
        if (!atEnd()) {
            throw new SyntaxException("Unexpected extra arguments");
        }
    }

    /** {@code atom}: one or more ATOM-CHARs. */
    String atom() throws SyntaxException {
        int start = position;
        while (position < text.length() && isAtomChar(text.charAt(position))) {
            position++;
        }
        if (position == start) {
            throw new SyntaxException("Invalid argument");
        }
        return text.substring(start, position);
    }

    /** {@code astring}: an atom (where {@code ]} is allowed too), a quoted string or a literal. */
    String astring() throws SyntaxException {
        if (position < text.length() && (text.charAt(position) == '"' || text.charAt(position) == '{')) {
            return string();
        }
        int start = position;
        while (position < text.length() && (isAtomChar(text.charAt(position)) || text.charAt(position) == ']')) {
            position++;
        }
        if (position == start) {
            throw new SyntaxException("Invalid argument");
        }
        return text.substring(start, position);
    }

    /** {@code string}: a quoted string or a literal, as UTF-8 text; other octets are a syntax error. */
    String string() throws SyntaxException {
        if (position < text.length() && text.charAt(position) == '"') {
            return quoted();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(literal())).toString();
        } catch (CharacterCodingException e) {
            throw new SyntaxException("String is not valid UTF-8");
        }
    }

    /** {@code mailbox}: an astring, read as the connection writes mailbox names ({@link MailboxNames}). */
    String mailbox() throws SyntaxException {
        return names.fromClient(astring());
    }

    /** {@code mailbox} as the client supplied it, not yet normalized ({@link MailboxNames#supplied}). */
    String suppliedMailbox() throws SyntaxException {
        return names.supplied(astring());
    }

    /** A {@code list-mailbox}, read as the connection writes mailbox names. */
    String mailboxPattern() throws SyntaxException {
        return names.fromClient(listMailbox());
    }

    /** {@code list-mailbox}: like an astring, but {@code %} and {@code *} are allowed unquoted. */
    private String listMailbox() throws SyntaxException {
        if (position < text.length() && (text.charAt(position) == '"' || text.charAt(position) == '{')) {
            return string();
        }
        int start = position;
        while (position < text.length() && (isAtomChar(text.charAt(position)) || "]%*".indexOf(text.charAt(position)) >= 0)) {
            position++;
        }
        if (position == start) {
            throw new SyntaxException("Invalid mailbox pattern");
        }
        return text.substring(start, position);
    }

    /** A literal's octets: {@code {n}} or {@code {n+}} where the session put the n octets read. */
    byte[] literal() throws SyntaxException {
        int close = text.indexOf('}', position);
        if (position >= text.length() || text.charAt(position) != '{' || close < 0 || nextLiteral >= literals.size()) {
            throw new SyntaxException("Invalid argument");
        }
        position = close + 1;
        return literals.get(nextLiteral++);
    }

    /** {@code literal8} ({@code ~{n}}, RFC 3516 section 4.1) or a literal: octets that may hold NUL. */
    byte[] literal8() throws SyntaxException {
        take('~');
        return literal();
    }

    /** The next character, without taking it; -1 at the end. */
    int peek() {
        return atEnd() ? -1 : text.charAt(position);
    }

    /** The character {@code ahead} places on, without taking it; -1 past the end. */
    int peekAt(int ahead) {
        return position + ahead >= text.length() ? -1 : text.charAt(position + ahead);
    }

    void skip(int count) {
        position = Math.min(text.length(), position + count);
    }

    /** Takes {@code expected} if it comes next. */
    boolean take(char expected) {
        if (peek() == expected) {
            position++;
            return true;
        }
        return false;
    }

    /** Takes {@code expected}, in any case, if it comes next. */
    boolean takeIgnoringCase(String expected) {
        if (text.regionMatches(true, position, expected, 0, expected.length())) {
            position += expected.length();
            return true;
        }
        return false;
    }

    void expect(char expected) throws SyntaxException {
        if (!take(expected)) {
            throw new SyntaxException("Expected " + expected);
        }
    }

    /** A run of characters up to one of {@code stops} (or the end), at least one. */
    String until(String stops) throws SyntaxException {
        int start = position;
        while (position < text.length() && stops.indexOf(text.charAt(position)) < 0) {
            position++;
        }
        if (position == start) {
            throw new SyntaxException("Invalid argument");
        }
        return text.substring(start, position);
    }

    /**
     * {@code "(" status-att *(SP status-att) ")"} (RFC 9051 section 6.3.11): MESSAGES, UIDNEXT,
     * UIDVALIDITY, UNSEEN, DELETED, SIZE (RFC 8438), IMAP4rev1's RECENT, DELETED-STORAGE (RFC 9208)
     * and HIGHESTMODSEQ (RFC 7162 section 3.1.6), in upper case.
     */
    List<String> statusItems() throws SyntaxException {
        List<String> items = new ArrayList<>();
        expect('(');
        do {
            String item = atom().toUpperCase(Locale.ROOT);
            if (!STATUS_ITEMS.contains(item)) {
                throw new SyntaxException("Unknown STATUS item " + item);
            }
            items.add(item);
        } while (take(' '));
        expect(')');
        return items;
    }

    /** {@code sequence-set}. */
    SequenceSet sequenceSet() throws SyntaxException {
        return SequenceSet.parse(until(" )"));
    }

    /** {@code number}: up to 18 decimal digits. */
    long number() throws SyntaxException {
        String digits = until(" )>.]");
        if (digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            throw new SyntaxException("Invalid number");
        }
        return Long.parseLong(digits);
    }

    /** {@code quoted}: {@code "} then characters with {@code \"} and {@code \\} escaped, then {@code "}; UTF-8 allowed (RFC 9051). */
    private String quoted() throws SyntaxException {
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (position == text.length() || (text.charAt(position) != '"' && text.charAt(position) != '\\')) {
                    throw new SyntaxException("Invalid escape in quoted string");
                }
                c = text.charAt(position++);
            } else if (c == '\r' || c == '\n' || c == 0) {
                throw new SyntaxException("Invalid character in quoted string");
            }
            value.append(c);
        }
        throw new SyntaxException("Unterminated quoted string");
    }

    /** {@code ATOM-CHAR}: printable US-ASCII except atom-specials {@code ( ) { SP % * " \ ]}. */
    static boolean isAtomChar(int c) {
        return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }
}
