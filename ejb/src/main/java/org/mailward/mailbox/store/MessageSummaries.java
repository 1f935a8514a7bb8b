package org.mailward.mailbox.store;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
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
        return of(HeaderBlock.read(message));
    }

    public static MessageSummary of(HeaderBlock headers) {
        return new MessageSummary(text(headers, "Subject"), addresses(headers, "From"), addresses(headers, "To"),
                addresses(headers, "Cc"), date(headers), headers.first("Message-ID"), headers.first("In-Reply-To"),
                references(headers));
    }

    /** The References field as sent, "" for none (null would mean "not read", see {@link MessageSummary}). */
    public static String references(HeaderBlock headers) {
        String references = headers.first("References");
        return references == null ? "" : references;
    }

    private static String text(HeaderBlock headers, String name) {
        String value = headers.first(name);
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
    private static String addresses(HeaderBlock headers, String name) {
        String value = headers.joined(name);
        if (value == null) {
            return null;
        }
        try {
            return Arrays.stream(InternetAddress.parseHeader(value, false))
                    .map(InternetAddress::toUnicodeString).collect(Collectors.joining(", "));
        } catch (AddressException e) {
            return text(headers, name);
        }
    }

    private static Instant date(HeaderBlock headers) {
        String value = headers.first("Date");
        if (value == null) {
            return null;
        }
        try {
            return new MailDateFormat().parse(value).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }
}
