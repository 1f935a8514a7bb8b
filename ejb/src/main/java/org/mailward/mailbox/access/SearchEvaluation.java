package org.mailward.mailbox.access;

import jakarta.mail.internet.MimeUtility;
import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.mailbox.blob.BlobStoreFailure;
import org.mailward.mailbox.store.HeaderBlock;
import org.mailward.mailbox.store.MessageFlag;
import org.mailward.mailbox.store.MessageSummary;
import org.mailward.mailbox.store.MessageView;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether one message matches a search program. The full-text index answers the text keys
 * ({@link IndexedKeys}); flags, sizes, dates and the listing fields (Subject, From, To, Cc) come
 * from the message's row; other header fields are read from the stored message, once per message
 * and only when a key needs them.
 */
final class SearchEvaluation {

    private final MessageView message;
    private final Supplier<InputStream> content;
    private final IndexedKeys indexed;
    private HeaderBlock headers;

    SearchEvaluation(MessageView message, Supplier<InputStream> content, IndexedKeys indexed) {
        this.message = message;
        this.content = content;
        this.indexed = indexed;
    }

    boolean matches(SearchKey key) {
        Boolean answered = indexed.matches(key, message.uid());
        if (answered != null) {
            return answered;
        }
        return switch (key) {
            case SearchKey.All all -> true;
            case SearchKey.Flag flag -> hasFlag(flag.flag()) == flag.set();
            case SearchKey.Uids uids -> uids.ranges().stream().anyMatch(range -> message.uid() >= range[0] && message.uid() <= range[1]);
            case SearchKey.Size size -> size.larger() ? message.size() > size.bytes() : message.size() < size.bytes();
            case SearchKey.Date date -> dateMatches(date);
            case SearchKey.Modseq modseq -> message.modseq() >= modseq.modseq();
            case SearchKey.Header header -> contains(headerValue(header.field()), header.value());
            case SearchKey.Text search -> throw new IllegalStateException("The index answers every text key");
            case SearchKey.Not not -> !matches(not.key());
            case SearchKey.Or or -> matches(or.left()) || matches(or.right());
            case SearchKey.And and -> and.keys().stream().allMatch(this::matches);
        };
    }

    private boolean hasFlag(String flag) {
        for (MessageFlag system : MessageFlag.values()) {
            if (system.imapName().equalsIgnoreCase(flag)) {
                return message.flags().contains(system);
            }
        }
        return message.keywords().stream().anyMatch(keyword -> keyword.equalsIgnoreCase(flag));
    }

    private boolean dateMatches(SearchKey.Date date) {
        Instant when = date.sent() ? message.summary().sentDate() : message.internalDate();
        if (when == null) {
            return false;
        }
        LocalDate day = when.atZone(ZoneOffset.UTC).toLocalDate();
        return switch (date.relation()) {
            case BEFORE -> day.isBefore(date.day());
            case ON -> day.isEqual(date.day());
            case SINCE -> !day.isBefore(date.day());
        };
    }

    /** The field's value, decoded; null when the message has no such field. */
    private String headerValue(String field) {
        MessageSummary summary = message.summary();
        String value = switch (field.toLowerCase(Locale.ROOT)) {
            case "subject" -> summary.subject();
            case "from" -> summary.from();
            case "to" -> summary.to();
            case "cc" -> summary.cc();
            default -> null;
        };
        if (value != null) {
            return value;
        }
        String raw = headers().joined(field);
        if (raw == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(raw);
        } catch (UnsupportedEncodingException e) {
            return raw;
        }
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    private HeaderBlock headers() {
        if (headers == null) {
            try (InputStream in = content.get()) {
                headers = HeaderBlock.read(in);
            } catch (IOException e) {
                throw new BlobStoreFailure("Cannot read message " + message.uid() + " to search it", e);
            }
        }
        return headers;
    }
}
