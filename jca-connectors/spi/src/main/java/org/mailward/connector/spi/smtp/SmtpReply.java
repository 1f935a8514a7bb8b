package org.mailward.connector.spi.smtp;

import java.io.Serializable;

/**
 * One SMTP reply decided by the backend: a basic code (RFC 5321 section 4.2), an enhanced status
 * code (RFC 3463) and text.
 */
public record SmtpReply(int code, String status, String text) implements Serializable {

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("Not an SMTP reply code: " + code);
        }
    }

    public static SmtpReply ok(String status, String text) {
        return new SmtpReply(250, status, text);
    }

    public boolean positive() {
        return code < 400;
    }

    /** The reply line as sent, without the line end. */
    public String line() {
        return code + " " + status + " " + text;
    }
}
