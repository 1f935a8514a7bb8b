package org.mailward.mailbox.store;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads the listing fields of a message from its header block, leniently: mail from the
 * Internet is often malformed, and a field that cannot be decoded is kept as sent rather than
 * failing the delivery.
 */
public final class MessageSummaries {

    private MessageSummaries() {
    }

    /** Reads the header block at the start of {@code message} (and no further). */
    public static MessageSummary parse(InputStream message) throws IOException {
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(message, true);
        } catch (MessagingException e) {
            throw new IOException("Unreadable header block: " + e.getMessage(), e);
        }
        return new MessageSummary(text(headers, "Subject"), addresses(headers, "From"), addresses(headers, "To"),
                addresses(headers, "Cc"), date(headers), first(headers, "Message-ID"), first(headers, "In-Reply-To"));
    }

    private static String first(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, null);
        return value == null ? null : unfold(value).strip();
    }

    private static String text(InternetHeaders headers, String name) {
        String value = first(headers, name);
        if (value == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException e) {
            return value;
        }
    }

    /** The addresses as "Name <address>" joined by ", ", names decoded. */
    private static String addresses(InternetHeaders headers, String name) {
        String value = headers.getHeader(name, ",");
        if (value == null) {
            return null;
        }
        try {
            return Arrays.stream(InternetAddress.parseHeader(unfold(value), false))
                    .map(InternetAddress::toUnicodeString).collect(Collectors.joining(", "));
        } catch (AddressException e) {
            return text(headers, name);
        }
    }

    private static Instant date(InternetHeaders headers) {
        String value = first(headers, "Date");
        if (value == null) {
            return null;
        }
        try {
            return new MailDateFormat().parse(value).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    private static String unfold(String value) {
        return value.replaceAll("\r?\n[ \t]", " ").replace("\r", "").replace("\n", "");
    }
}
