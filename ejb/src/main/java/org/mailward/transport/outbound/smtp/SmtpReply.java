package org.mailward.transport.outbound.smtp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A reply as the server sent it (RFC 5321 section 4.2), or one made up here for a local decision or an I/O error.
 *
 * @param lines the text of each line, without the code and its separator
 */
public record SmtpReply(int code, List<String> lines) {

    /** RFC 3463 status-code at the start of the text; the class digit is checked against the reply code. */
    private static final Pattern ENHANCED = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})(?: .*)?");

    public SmtpReply {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
    }

    /** A reply for something decided here, such as a size refusal or a lost connection; its text starts with the status. */
    public static SmtpReply local(int code, String enhancedStatus, String text) {
        SmtpReply reply = new SmtpReply(code, List.of(enhancedStatus + " " + text));
        if (!reply.enhancedStatus().equals(enhancedStatus)) {
            throw new IllegalArgumentException(enhancedStatus + " does not suit reply code " + code);
        }
        return reply;
    }

    /** The RFC 3463 status the first line starts with, else one derived from the code: {@code 4.0.0}, {@code 5.0.0}... */
    public String enhancedStatus() {
        String first = lines.getFirst();
        if (ENHANCED.matcher(first).matches() && first.charAt(0) - '0' == code / 100) {
            int end = first.indexOf(' ');
            return end < 0 ? first : first.substring(0, end);
        }
        return code / 100 + ".0.0";
    }

    /** 2yz: the server did what was asked. */
    public boolean positive() {
        return code / 100 == 2;
    }

    /** 4yz: try again later. */
    public boolean transientFailure() {
        return code / 100 == 4;
    }

    /** 5yz: do not try again. */
    public boolean permanentFailure() {
        return code / 100 == 5;
    }

    /** The code and the lines on one line, e.g. {@code 550 5.1.1 No such user}, for a DSN's Diagnostic-Code. */
    public String diagnostic() {
        String text = String.join(" ", lines).strip();
        return text.isEmpty() ? String.valueOf(code) : code + " " + text;
    }
}
