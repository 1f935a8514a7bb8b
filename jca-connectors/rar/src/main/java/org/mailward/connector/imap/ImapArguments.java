package org.mailward.connector.imap;

/**
 * Reads the arguments of one IMAP command line (RFC 9051 section 9): single spaces between them,
 * {@code astring}s as atoms or quoted strings. Literals ({@code {n}}) are not read: a command that
 * uses one is answered {@code BAD} at once, so the client never waits for a continuation.
 */
final class ImapArguments {

    /** The line breaks the grammar; the message is the client-facing text of the {@code BAD} reply. */
    static final class SyntaxException extends Exception {

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int position;

    ImapArguments(String text) {
        this.text = text;
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

    /** {@code astring}: an atom (where {@code ]} is allowed too) or a quoted string. */
    String astring() throws SyntaxException {
        if (position < text.length() && text.charAt(position) == '"') {
            return quoted();
        }
        if (position < text.length() && text.charAt(position) == '{') {
            throw new SyntaxException("Literals are not supported; send a quoted string");
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
