package org.mailward.mailbox.structure;

import java.util.List;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 9051 section 7.5.2) from a part tree. The body MD5 is
 * always NIL; sizes and line counts are those of the stored octets.
 */
final class ImapBodyStructure {

    /**
     * The grammar wants at least one part in a multipart; one that has none (no boundary, or
     * none found) is written with this empty part, as Dovecot does.
     */
    private static final String EMPTY_PART = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)";

    private ImapBodyStructure() {
    }

    /**
     * @param extended BODYSTRUCTURE rather than BODY: with the extension data
     * @param utf8 the client enabled UTF8=ACCEPT, so 8-bit text may go quoted
     */
    static String of(MimePart part, boolean extended, boolean utf8) {
        StringBuilder out = new StringBuilder(256);
        append(out, part, extended, utf8);
        return out.toString();
    }

    private static void append(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        out.append('(');
        if (part.isMultipart()) {
            appendMultipart(out, part, extended, utf8);
        } else {
            appendSinglePart(out, part, extended, utf8);
        }
        out.append(')');
    }

    private static void appendMultipart(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        if (part.parts().isEmpty()) {
            out.append(EMPTY_PART);
        }
        for (MimePart child : part.parts()) {
            append(out, child, extended, utf8);
        }
        out.append(' ');
        ImapEnvelope.appendString(out, part.subtype(), utf8);
        if (extended) {
            out.append(' ');
            appendParameters(out, part.parameters(), utf8);
            appendExtensions(out, part, utf8);
        }
    }

    private static void appendSinglePart(StringBuilder out, MimePart part, boolean extended, boolean utf8) {
        ImapEnvelope.appendString(out, part.type(), utf8);
        out.append(' ');
        ImapEnvelope.appendString(out, part.subtype(), utf8);
        out.append(' ');
        appendParameters(out, part.parameters(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.id(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.description(), utf8);
        out.append(' ');
        ImapEnvelope.appendString(out, part.encoding(), utf8);
        out.append(' ').append(part.size());
        if (part.isMessage()) {
            out.append(' ').append(part.message().envelope().toImap(utf8)).append(' ');
            append(out, part.message(), extended, utf8);
            out.append(' ').append(part.lines());
        } else if (part.isText()) {
            out.append(' ').append(part.lines());
        }
        if (extended) {
            out.append(" NIL");
            appendExtensions(out, part, utf8);
        }
    }

    /** Disposition, language and location, which both kinds of part end with. */
    private static void appendExtensions(StringBuilder out, MimePart part, boolean utf8) {
        out.append(' ');
        if (part.disposition() == null) {
            out.append("NIL");
        } else {
            out.append('(');
            ImapEnvelope.appendString(out, part.disposition(), utf8);
            out.append(' ');
            appendParameters(out, part.dispositionParameters(), utf8);
            out.append(')');
        }
        out.append(' ');
        appendList(out, part.languages(), utf8);
        out.append(' ');
        ImapEnvelope.appendNString(out, part.location(), utf8);
    }

    private static void appendParameters(StringBuilder out, List<MimePart.Parameter> parameters, boolean utf8) {
        appendList(out, parameters.stream().<String>mapMulti((p, sink) -> {
            sink.accept(p.name());
            sink.accept(p.value());
        }).toList(), utf8);
    }

    /** NIL for none, otherwise a parenthesised list of strings. */
    private static void appendList(StringBuilder out, List<String> values, boolean utf8) {
        if (values.isEmpty()) {
            out.append("NIL");
            return;
        }
        out.append('(');
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : " ");
            ImapEnvelope.appendString(out, values.get(i), utf8);
        }
        out.append(')');
    }
}
