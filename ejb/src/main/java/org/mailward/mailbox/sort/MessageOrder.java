package org.mailward.mailbox.sort;

import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.mailbox.store.MessageView;
import org.mailward.mailbox.structure.ImapEnvelope;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * SORT (RFC 5256 section 3, RFC 5957): orders messages by their criteria, each key computed once
 * per message. Text is compared by i;ascii-casemap; messages equal by every criterion stay in
 * sequence number order, which is UID order, whatever REVERSE says.
 */
public final class MessageOrder {

    /**
     * i;ascii-casemap (RFC 4790 section 9.2): ASCII letters as upper case, everything else by code
     * point, which is the octet order of UTF-8.
     */
    static final Comparator<String> ASCII_CASEMAP = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            int order = Integer.compare(asciiUpper(x), asciiUpper(y));
            if (order != 0) {
                return order;
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private MessageOrder() {
    }

    /** The UIDs of the messages in the order the criteria give. */
    public static long[] sort(List<MessageView> messages, List<SortCriterion> criteria) {
        record Keyed(MessageView message, Object[] keys) {
        }
        Comparator<Keyed> order = null;
        for (int i = 0; i < criteria.size(); i++) {
            int index = i;
            Comparator<Keyed> byCriterion = (a, b) -> compareKeys(a.keys()[index], b.keys()[index]);
            byCriterion = criteria.get(i).reverse() ? byCriterion.reversed() : byCriterion;
            order = order == null ? byCriterion : order.thenComparing(byCriterion);
        }
        Comparator<Keyed> byUid = Comparator.comparingLong(keyed -> keyed.message().uid());
        Comparator<Keyed> complete = order == null ? byUid : order.thenComparing(byUid);
        return messages.stream()
                .map(message -> new Keyed(message, criteria.stream().map(criterion -> key(message, criterion.key())).toArray()))
                .sorted(complete).mapToLong(keyed -> keyed.message().uid()).toArray();
    }

    private static Object key(MessageView message, SortCriterion.Key key) {
        return switch (key) {
            case ARRIVAL -> message.internalDate();
            case DATE -> sentDate(message);
            case SIZE -> message.size();
            case SUBJECT -> BaseSubject.of(message.summary().subject()).text();
            case FROM -> localPart(message.summary().from());
            case TO -> localPart(message.summary().to());
            case CC -> localPart(message.summary().cc());
            case DISPLAYFROM -> displayName(message.summary().from());
            case DISPLAYTO -> displayName(message.summary().to());
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return ASCII_CASEMAP.compare(x, y);
        }
        return ((Comparable) a).compareTo(b);
    }

    /**
     * The sent date (RFC 5256 section 2.2): the Date field, whose instant is already in UTC, or the
     * internal date when the field is missing or cannot be read.
     */
    static Instant sentDate(MessageView message) {
        Instant sent = message.summary().sentDate();
        return sent != null ? sent : message.internalDate();
    }

    /** The addr-mailbox of the first address, "" when there is none (RFC 5256 section 3, FROM, TO, CC). */
    private static String localPart(String addresses) {
        ImapEnvelope.Mailbox first = ImapEnvelope.firstMailbox(addresses);
        return first == null ? "" : first.local();
    }

    /**
     * The display name of the first address, or its addr-spec when it has none (RFC 5957 section
     * 3); "" when there is no address.
     */
    private static String displayName(String addresses) {
        ImapEnvelope.Mailbox first = ImapEnvelope.firstMailbox(addresses);
        if (first == null) {
            return "";
        }
        if (first.name() != null && !first.name().isBlank()) {
            return first.name();
        }
        return first.host().isEmpty() ? first.local() : first.local() + "@" + first.host();
    }

    private static int asciiUpper(int c) {
        return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
    }
}
