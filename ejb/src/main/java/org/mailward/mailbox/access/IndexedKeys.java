package org.mailward.mailbox.access;

import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.mailbox.search.MessageIndex;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The keys of a search program that the full-text index answers (TEXT, BODY, and SUBJECT, FROM,
 * TO, CC with a value), each answered once, as the UIDs of the folder's messages it matches; the
 * other keys are evaluated on the message rows.
 */
final class IndexedKeys {

    private final Map<SearchKey, Set<Long>> matches = new IdentityHashMap<>();

    private IndexedKeys() {
    }

    static IndexedKeys answer(SearchKey program, MessageIndex index, long folderId) {
        IndexedKeys keys = new IndexedKeys();
        keys.visit(program, index, folderId);
        return keys;
    }

    private void visit(SearchKey key, MessageIndex index, long folderId) {
        switch (key) {
            case SearchKey.Not not -> visit(not.key(), index, folderId);
            case SearchKey.Or or -> {
                visit(or.left(), index, folderId);
                visit(or.right(), index, folderId);
            }
            case SearchKey.And and -> and.keys().forEach(child -> visit(child, index, folderId));
            default -> {
                List<MessageIndex.Field> fields = fields(key);
                if (fields != null) {
                    String value = key instanceof SearchKey.Text text ? text.value() : ((SearchKey.Header) key).value();
                    matches.put(key, index.find(folderId, value, fields));
                }
            }
        }
    }

    /** The fields that answer a key, or null when the rows do. */
    private static List<MessageIndex.Field> fields(SearchKey key) {
        if (key instanceof SearchKey.Text text) {
            return text.bodyOnly() ? List.of(MessageIndex.Field.BODY) : List.of(MessageIndex.Field.HEADERS, MessageIndex.Field.BODY);
        }
        if (key instanceof SearchKey.Header header && !header.value().isEmpty()) {
            return switch (header.field().toLowerCase(Locale.ROOT)) {
                case "subject" -> List.of(MessageIndex.Field.SUBJECT);
                case "from" -> List.of(MessageIndex.Field.FROM);
                case "to" -> List.of(MessageIndex.Field.TO);
                case "cc" -> List.of(MessageIndex.Field.CC);
                default -> null;
            };
        }
        return null;
    }

    /** Whether the index answered this key, and if so whether the message matches it. */
    Boolean matches(SearchKey key, long uid) {
        Set<Long> uids = matches.get(key);
        return uids == null ? null : uids.contains(uid);
    }

    /**
     * The only UIDs that can match the program, when an indexed key must hold for every match (the
     * program is one, or all of a list of keys of which one is); null when any message can.
     */
    Set<Long> candidates(SearchKey program) {
        Set<Long> direct = matches.get(program);
        if (direct != null) {
            return direct;
        }
        if (!(program instanceof SearchKey.And and)) {
            return null;
        }
        Set<Long> narrowest = null;
        for (SearchKey child : and.keys()) {
            Set<Long> uids = candidates(child);
            if (uids != null && (narrowest == null || uids.size() < narrowest.size())) {
                narrowest = uids;
            }
        }
        return narrowest == null ? null : new HashSet<>(narrowest);
    }
}
