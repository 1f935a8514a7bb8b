package org.mailward.mailbox.structure;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The header fields of a message that make up its IMAP ENVELOPE (RFC 9051 section 7.5.2), kept
 * raw: unfolded, not RFC 2047 decoded, {@code null} where the message has no such field. The
 * addresses are parsed only when the envelope is written, so a better parser applies to mail
 * already stored.
 */
public record ImapEnvelope(String date, String subject, String from, String sender, String replyTo, String to,
                           String cc, String bcc, String inReplyTo, String messageId) {

    /** Longer strings go as literals, which no client has trouble reading. */
    static final int MAX_QUOTED_LENGTH = 1000;
    /** UTF-8 octets per encoded-word: 60 characters of base64, so that the word stays within RFC 2047's 75. */
    private static final int ENCODED_WORD_OCTETS = 45;

    /**
     * One address structure of RFC 9051: a group is written as a start marker (mailbox = the group
     * name, host NIL) and an end marker (all NIL) around its members.
     */
    private record Address(String name, String adl, String mailbox, String host) {
    }

    /**
     * The ENVELOPE as a FETCH response carries it. The string is to be sent as UTF-8: the octet
     * counts of literals are counted so.
     *
     * @param utf8 the client enabled UTF8=ACCEPT or IMAP4rev2 (RFC 6855 section 3, RFC 9051 section
     *             6.3.1), so 8-bit text goes as it is, quoted; to any other client the envelope is
     *             ASCII, as RFC 5322 has header fields (RFC 6855 section 7): see {@link #appendString}
     *             and {@link #readable}
     */
    public String toImap(boolean utf8) {
        StringBuilder out = new StringBuilder(256).append('(');
        appendNString(out, date, utf8);
        out.append(' ');
        appendNString(out, subject, utf8);
        List<Address> authors = AddressParser.parse(from);
        for (List<Address> addresses : List.of(authors, orElse(AddressParser.parse(sender), authors),
                orElse(AddressParser.parse(replyTo), authors), AddressParser.parse(to), AddressParser.parse(cc),
                AddressParser.parse(bcc))) {
            out.append(' ');
            appendAddresses(out, utf8 ? addresses : readable(addresses), utf8);
        }
        out.append(' ');
        appendNString(out, inReplyTo, utf8);
        out.append(' ');
        appendNString(out, messageId, utf8);
        return out.append(')').toString();
    }

    /** A mailbox of an address list as ENVELOPE gives it: display name (null if none), local part, host. */
    public record Mailbox(String name, String local, String host) {
    }

    /**
     * The first mailbox of an address list, group markers skipped, parsed as for ENVELOPE (SORT
     * FROM, TO, CC, RFC 5256 section 3); null when the list has none.
     */
    public static Mailbox firstMailbox(String addressList) {
        return AddressParser.parse(addressList).stream().filter(address -> address.host() != null).findFirst()
                .map(address -> new Mailbox(address.name(), address.mailbox(), address.host())).orElse(null);
    }

    /** Sender and Reply-To fall back to From when absent or empty (RFC 9051 section 7.5.2). */
    private static List<Address> orElse(List<Address> addresses, List<Address> fallback) {
        return addresses.isEmpty() ? fallback : addresses;
    }

    /**
     * The addresses as a client without UTF-8 can have them: an internationalized domain in its
     * ASCII form (IDNA A-labels); an address that has no ASCII form, such as one with a UTF-8
     * local part, becomes an empty group named after it, so that the reader still sees who it
     * was, as RFC 6858 section 3 does (within a group, which cannot nest, a member with that name
     * and an empty address). Display and group names become encoded-words where they are written.
     */
    private static List<Address> readable(List<Address> addresses) {
        List<Address> readable = new ArrayList<>(addresses.size());
        boolean inGroup = false;
        for (Address address : addresses) {
            String host = address.host() == null || isAscii(address.host()) ? address.host() : aLabels(address.host());
            if (address.host() == null) {
                inGroup = address.mailbox() != null;
                readable.add(address);
            } else if (host != null && isAscii(address.mailbox()) && (address.adl() == null || isAscii(address.adl()))) {
                readable.add(new Address(address.name(), address.adl(), address.mailbox(), host));
            } else {
                String written = address.mailbox() + (address.host().isEmpty() ? "" : "@" + address.host());
                String shown = address.name() == null ? written : address.name() + " <" + written + ">";
                if (inGroup) {
                    readable.add(new Address(shown, null, "", ""));
                } else {
                    readable.add(new Address(null, null, shown, null));
                    readable.add(new Address(null, null, null, null));
                }
            }
        }
        return readable;
    }

    /** The domain's ASCII form (RFC 5890), or null if it has none. */
    private static String aLabels(String domain) {
        try {
            return IDN.toASCII(domain);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void appendAddresses(StringBuilder out, List<Address> addresses, boolean utf8) {
        if (addresses.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (Address address : addresses) {
            out.append('(');
            appendNString(out, address.name(), utf8);
            out.append(' ');
            appendNString(out, address.adl(), utf8);
            out.append(' ');
            appendNString(out, address.mailbox(), utf8);
            out.append(' ');
            appendNString(out, address.host(), utf8);
            out.append(')');
        }
        out.append(')');
    }

    /** {@code NIL} for {@code null}, otherwise the value as an IMAP string. */
    static void appendNString(StringBuilder out, String value, boolean utf8) {
        if (value == null) {
            out.append("NIL");
        } else {
            appendString(out, value, utf8);
        }
    }

    /**
     * A quoted string where RFC 9051 allows one, otherwise a literal: for CR, LF and NUL, and for
     * length. For a client that does not accept UTF-8, 8-bit text is written in RFC 2047
     * encoded-words, as a header field would carry it.
     */
    static void appendString(StringBuilder out, String value, boolean utf8) {
        if (!utf8) {
            value = encodedWords(value);
        }
        if (!quotable(value)) {
            out.append('{').append(value.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean quotable(String value) {
        if (value.length() > MAX_QUOTED_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return false;
            }
        }
        return true;
    }

    static boolean isAscii(String value) {
        return value.chars().allMatch(c -> c < 0x80);
    }

    /**
     * The text with each run of words that hold 8-bit characters, the spaces between them
     * included, as UTF-8 encoded-words (RFC 2047); ASCII words, encoded-words already there
     * among them, stay as they are.
     */
    static String encodedWords(String text) {
        if (isAscii(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() * 2);
        int i = 0;
        while (i < text.length()) {
            int wordEnd = wordEnd(text, i);
            if (isAscii(text.substring(i, wordEnd))) {
                out.append(text, i, wordEnd);
                i = wordEnd;
                while (i < text.length() && isBlank(text.charAt(i))) {
                    out.append(text.charAt(i++));
                }
                continue;
            }
            int runEnd = wordEnd;
            for (int next = skipBlanks(text, runEnd); next < text.length(); next = skipBlanks(text, runEnd)) {
                int end = wordEnd(text, next);
                if (isAscii(text.substring(next, end))) {
                    break;
                }
                runEnd = end;
            }
            appendEncoded(out, text.substring(i, runEnd));
            i = runEnd;
        }
        return out.toString();
    }

    private static int wordEnd(String text, int from) {
        int end = from;
        while (end < text.length() && !isBlank(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static int skipBlanks(String text, int from) {
        int next = from;
        while (next < text.length() && isBlank(text.charAt(next))) {
            next++;
        }
        return next;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** {@code =?UTF-8?B?...?=} words, one after another (a reader joins them), each whole characters. */
    private static void appendEncoded(StringBuilder out, String run) {
        byte[] octets = run.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        while (start < octets.length) {
            int end = Math.min(start + ENCODED_WORD_OCTETS, octets.length);
            while (end < octets.length && (octets[end] & 0xC0) == 0x80) {
                end--; // not inside a character's octets
            }
            out.append(start == 0 ? "" : " ").append("=?UTF-8?B?")
                    .append(Base64.getEncoder().encodeToString(Arrays.copyOfRange(octets, start, end))).append("?=");
            start = end;
        }
    }

    JsonObject toJson(JsonBuilderFactory json) {
        JsonObjectBuilder fields = json.createObjectBuilder();
        MimePart.addIfPresent(fields, "date", date);
        MimePart.addIfPresent(fields, "subject", subject);
        MimePart.addIfPresent(fields, "from", from);
        MimePart.addIfPresent(fields, "sender", sender);
        MimePart.addIfPresent(fields, "replyTo", replyTo);
        MimePart.addIfPresent(fields, "to", to);
        MimePart.addIfPresent(fields, "cc", cc);
        MimePart.addIfPresent(fields, "bcc", bcc);
        MimePart.addIfPresent(fields, "inReplyTo", inReplyTo);
        MimePart.addIfPresent(fields, "messageId", messageId);
        return fields.build();
    }

    static ImapEnvelope fromJson(JsonObject json) {
        return new ImapEnvelope(MimePart.stringOrNull(json, "date"), MimePart.stringOrNull(json, "subject"),
                MimePart.stringOrNull(json, "from"), MimePart.stringOrNull(json, "sender"),
                MimePart.stringOrNull(json, "replyTo"), MimePart.stringOrNull(json, "to"),
                MimePart.stringOrNull(json, "cc"), MimePart.stringOrNull(json, "bcc"),
                MimePart.stringOrNull(json, "inReplyTo"), MimePart.stringOrNull(json, "messageId"));
    }

    /**
     * An RFC 5322 address-list (section 3.4, with the obsolete forms of section 4.4), leniently:
     * comments are dropped, display names are their words joined by single spaces with quoting
     * removed, and what cannot be parsed becomes an address whose mailbox is the text as written
     * and whose host is empty, never NIL, which would make it a group marker. It never throws.
     */
    private static final class AddressParser {

        private enum Kind { WORD, QUOTED, DOMAIN_LITERAL, SPECIAL }

        /** A word (atom, dots included), quoted-string (unquoted), domain literal (as written) or special. */
        private record Token(Kind kind, String text, int start, int end) {
        }

        private final String source;
        private final List<Token> tokens;
        private final List<Address> addresses = new ArrayList<>();
        /** The last {@code >}: junk skipped to a separator keeps a route's commas only if one follows. */
        private final int lastAngleClose;
        private int next;

        private AddressParser(String source) {
            this.source = source;
            this.tokens = tokenize(source);
            int last = tokens.size() - 1;
            while (last >= 0 && !(tokens.get(last).kind() == Kind.SPECIAL && tokens.get(last).text().equals(">"))) {
                last--;
            }
            this.lastAngleClose = last;
        }

        static List<Address> parse(String value) {
            if (value == null) {
                return List.of();
            }
            AddressParser parser = new AddressParser(value);
            parser.addressList();
            return parser.addresses;
        }

        private void addressList() {
            while (next < tokens.size()) {
                if (atSpecial(',') || atSpecial(';')) {
                    next++;
                } else {
                    int start = next;
                    String name = phrase();
                    if (atSpecial(':')) {
                        next++;
                        group(name);
                    } else {
                        next = start;
                        mailboxOrJunk();
                    }
                }
            }
        }

        private void group(String name) {
            addresses.add(new Address(null, null, name, null));
            while (next < tokens.size() && !atSpecial(';')) {
                if (atSpecial(',')) {
                    next++;
                } else {
                    mailboxOrJunk();
                }
            }
            if (atSpecial(';')) {
                next++;
            }
            addresses.add(new Address(null, null, null, null));
        }

        private void mailboxOrJunk() {
            int start = next;
            if (mailbox()) {
                return;
            }
            next = start;
            if (nameBeforeAngle(start)) {
                return;
            }
            next = start;
            int depth = 0;
            while (next < tokens.size()
                    && (depth > 0 && next < lastAngleClose || !(atSpecial(',') || atSpecial(';')))) {
                depth += atSpecial('<') ? 1 : atSpecial('>') && depth > 0 ? -1 : 0;
                next++;
            }
            String raw = source.substring(tokens.get(start).start(), tokens.get(next - 1).end()).trim();
            addresses.add(new Address(null, null, raw, ""));
        }

        /** mailbox = name-addr / addr-spec; an addr-spec without a domain gets an empty host. */
        private boolean mailbox() {
            int start = next;
            String name = phrase();
            if (atSpecial('<')) {
                next++;
                return angleAddress(name.isEmpty() ? null : name);
            }
            next = start;
            AddrSpec spec = addrSpec();
            return spec != null && addIfAtSeparator(new Address(null, null, spec.local(), spec.domain()));
        }

        /** Junk such as {@code a@b.test <a@b.test>}: whatever stands before the angle address is its name. */
        private boolean nameBeforeAngle(int start) {
            while (next < tokens.size() && !atSpecial('<') && !atSpecial(',') && !atSpecial(';')) {
                next++;
            }
            if (!atSpecial('<') || next == start) {
                return false;
            }
            String name = source.substring(tokens.get(start).start(), tokens.get(next - 1).end()).trim();
            next++;
            return angleAddress(name);
        }

        /** After the {@code <}: [route ":"] local-part ["@" domain] ">", the {@code >} optional at the end. */
        private boolean angleAddress(String name) {
            String adl = null;
            if (atSpecial('@')) {
                adl = route();
                if (adl == null) {
                    return false;
                }
            }
            AddrSpec spec = addrSpec();
            if (spec == null) {
                return false;
            }
            if (atSpecial('>')) {
                next++;
            } else if (next < tokens.size()) {
                return false;
            }
            return addIfAtSeparator(new Address(name, adl, spec.local(), spec.domain()));
        }

        private record AddrSpec(String local, String domain) {
        }

        /** addr-spec: local-part ["@" domain], an empty host when there is no domain; null when it does not parse. */
        private AddrSpec addrSpec() {
            String local = dottedWords(true);
            if (local == null) {
                return null;
            }
            String domain = "";
            if (atSpecial('@')) {
                next++;
                domain = domain();
                if (domain == null) {
                    return null;
                }
            }
            return new AddrSpec(local, domain);
        }

        /** obs-route: {@code @a,@b:} gives the adl {@code @a,@b}. */
        private String route() {
            StringBuilder adl = new StringBuilder();
            while (atSpecial('@')) {
                next++;
                String domain = domain();
                if (domain == null) {
                    return null;
                }
                adl.append(adl.isEmpty() ? "" : ",").append('@').append(domain);
                while (atSpecial(',')) {
                    next++;
                }
            }
            if (!atSpecial(':')) {
                return null;
            }
            next++;
            return adl.toString();
        }

        private String domain() {
            if (next < tokens.size() && tokens.get(next).kind() == Kind.DOMAIN_LITERAL) {
                return tokens.get(next++).text();
            }
            return dottedWords(false);
        }

        /**
         * Words joined by dots, spaces around the dots dropped (dot-atom and the obsolete
         * local-part and domain); {@code null} unless there is one.
         */
        private String dottedWords(boolean quotedAllowed) {
            StringBuilder words = new StringBuilder();
            while (next < tokens.size()) {
                Token token = tokens.get(next);
                boolean word = token.kind() == Kind.WORD || (quotedAllowed && token.kind() == Kind.QUOTED);
                boolean joined = words.isEmpty() || words.charAt(words.length() - 1) == '.'
                        || (token.kind() == Kind.WORD && token.text().startsWith("."));
                if (!word || !joined) {
                    break;
                }
                words.append(token.text());
                next++;
            }
            return words.isEmpty() ? null : words.toString();
        }

        /** A display name or group name: its words joined by single spaces. */
        private String phrase() {
            StringBuilder phrase = new StringBuilder();
            while (next < tokens.size()
                    && (tokens.get(next).kind() == Kind.WORD || tokens.get(next).kind() == Kind.QUOTED)) {
                phrase.append(phrase.isEmpty() ? "" : " ").append(tokens.get(next++).text());
            }
            return phrase.toString();
        }

        private boolean addIfAtSeparator(Address address) {
            if (next < tokens.size() && !atSpecial(',') && !atSpecial(';')) {
                return false;
            }
            addresses.add(address);
            return true;
        }

        private boolean atSpecial(char special) {
            if (next >= tokens.size()) {
                return false;
            }
            Token token = tokens.get(next);
            return token.kind() == Kind.SPECIAL && token.text().charAt(0) == special;
        }

        private static List<Token> tokenize(String source) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < source.length()) {
                char c = source.charAt(i);
                int start = i;
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    i++;
                } else if (c == '(') {
                    i = skipComment(source, i);
                } else if (c == '"') {
                    StringBuilder text = new StringBuilder();
                    i = readQuoted(source, i + 1, '"', text);
                    tokens.add(new Token(Kind.QUOTED, text.toString(), start, i));
                } else if (c == '[') {
                    i = readQuoted(source, i + 1, ']', new StringBuilder());
                    tokens.add(new Token(Kind.DOMAIN_LITERAL, source.substring(start, i), start, i));
                } else if ("<>@,;:".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SPECIAL, String.valueOf(c), start, ++i));
                } else {
                    while (i < source.length() && " \t\r\n(\"[<>@,;:".indexOf(source.charAt(i)) < 0) {
                        i++;
                    }
                    tokens.add(new Token(Kind.WORD, source.substring(start, i), start, i));
                }
            }
            return tokens;
        }

        /** Reads up to the unescaped {@code close}, or the end; returns the index after it. */
        private static int readQuoted(String source, int i, char close, StringBuilder text) {
            while (i < source.length() && source.charAt(i) != close) {
                if (source.charAt(i) == '\\' && i + 1 < source.length()) {
                    i++;
                }
                text.append(source.charAt(i++));
            }
            return Math.min(i + 1, source.length());
        }

        /** Skips a comment, which may nest; returns the index after it. */
        private static int skipComment(String source, int i) {
            int depth = 0;
            do {
                char c = source.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                i++;
            } while (depth > 0 && i < source.length());
            return Math.min(i, source.length());
        }
    }
}
