package org.mailward.mailbox.sort;

import org.mailward.connector.spi.mailbox.ThreadNode;
import org.mailward.mailbox.store.MessageView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * THREAD (RFC 5256 section 3): ORDEREDSUBJECT, and REFERENCES, the threading of Jamie Zawinski
 * that RFC spells out step by step. The messages come in UID order, which is their sequence order.
 */
public final class MessageThreads {

    /** A msg-id between its angle brackets; folding may have left spaces inside, which do not count. */
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>]+)>");

    /** A message in a thread being built, or a dummy (no message) standing for one referred to but absent. */
    private static final class Container {
        MessageView message;
        Container parent;
        List<Container> children = new ArrayList<>();

        Container(MessageView message) {
            this.message = message;
        }

        boolean dummy() {
            return message == null;
        }

        /** A dummy is dated and subjected by its first child (section 3, steps 4 and 5.B). */
        MessageView representative() {
            return dummy() ? children.getFirst().representative() : message;
        }

        boolean isAncestorOf(Container other) {
            for (Container up = other; up != null; up = up.parent) {
                if (up == this) {
                    return true;
                }
            }
            return false;
        }

        void adopt(Container child) {
            child.parent = this;
            children.add(child);
        }

        void orphan() {
            if (parent != null) {
                parent.children.remove(this);
                parent = null;
            }
        }

        ThreadNode node() {
            return new ThreadNode(dummy() ? 0 : message.uid(), children.stream().map(Container::node).toList());
        }
    }

    /** Section 2.2: by sent date, then by sequence number. */
    private static final Comparator<Container> BY_SENT_DATE = Comparator
            .comparing((Container container) -> MessageOrder.sentDate(container.representative()))
            .thenComparingLong(container -> container.representative().uid());

    private MessageThreads() {
    }

    /**
     * ORDEREDSUBJECT (section 3): the messages grouped by base subject, each group a thread of its
     * first message by sent date with the others as its children, threads ordered by their first.
     */
    public static List<ThreadNode> orderedSubject(List<MessageView> messages) {
        Map<String, List<MessageView>> bySubject = new TreeMap<>(MessageOrder.ASCII_CASEMAP);
        for (MessageView message : messages) {
            bySubject.computeIfAbsent(BaseSubject.of(message.summary().subject()).text(), subject -> new ArrayList<>()).add(message);
        }
        List<Container> threads = new ArrayList<>();
        for (List<MessageView> group : bySubject.values()) {
            List<Container> members = group.stream().map(Container::new).sorted(BY_SENT_DATE).toList();
            Container first = members.getFirst();
            members.subList(1, members.size()).forEach(first::adopt);
            threads.add(first);
        }
        threads.sort(BY_SENT_DATE);
        return threads.stream().map(Container::node).toList();
    }

    /** REFERENCES (section 3), step by step. */
    public static List<ThreadNode> references(List<MessageView> messages) {
        Map<String, Container> byId = new HashMap<>();
        List<Container> all = new ArrayList<>();
        for (MessageView message : messages) {
            all.add(link(message, byId));
        }
        byId.values().stream().filter(Container::dummy).forEach(all::add);
        // (2) the messages without a parent start the threads
        List<Container> roots = prune(all.stream().filter(container -> container.parent == null).toList(), true);
        // (4) threads by sent date, a dummy by its first child's
        roots.forEach(root -> root.children.sort(BY_SENT_DATE));
        roots.sort(BY_SENT_DATE);
        roots = gatherBySubject(roots);
        // (6) every set of siblings by sent date, children first, as a dummy sorts by its first child
        roots.forEach(MessageThreads::sortDescendants);
        roots.sort(BY_SENT_DATE);
        return roots.stream().map(Container::node).toList();
    }

    /** Step 1: the message's container, linked to its references; a missing or repeated Message-ID gets one of its own. */
    private static Container link(MessageView message, Map<String, Container> byId) {
        List<String> ownIds = messageIds(message.summary().messageId());
        String id = ownIds.isEmpty() ? null : ownIds.getFirst();
        Container own = id == null ? null : byId.get(id);
        if (own != null && own.dummy()) {
            own.message = message;
        } else {
            boolean unique = id != null && own == null;
            own = new Container(message);
            if (unique) {
                byId.put(id, own);
            }
        }
        List<String> references = messageIds(message.summary().references());
        if (references.isEmpty()) {
            references = messageIds(message.summary().inReplyTo()).stream().limit(1).toList();
        }
        // (1.A) each reference the parent of the next, unless the next has one already or it would make a loop
        Container previous = null;
        for (String reference : references) {
            Container referred = byId.computeIfAbsent(reference, absent -> new Container(null));
            if (previous != null && referred.parent == null && !referred.isAncestorOf(previous)) {
                previous.adopt(referred);
            }
            previous = referred;
        }
        // (1.B) the last reference is the parent: the References field was the truth, a link made before may be from a cut one
        own.orphan();
        if (previous != null && !own.isAncestorOf(previous)) {
            previous.adopt(own);
        }
        return own;
    }

    /** The msg-ids in a field, in order; none for null. */
    private static List<String> messageIds(String field) {
        if (field == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher matcher = MESSAGE_ID.matcher(field);
        while (matcher.find()) {
            String id = matcher.group(1).replaceAll("\\s+", "");
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Step 3: a dummy without children goes; one with children gives them to its parent, except
     * at the top, where it stays if it has more than one.
     */
    private static List<Container> prune(List<Container> siblings, boolean top) {
        List<Container> kept = new ArrayList<>();
        for (Container container : siblings) {
            List<Container> children = prune(container.children, false);
            container.children = new ArrayList<>();
            children.forEach(container::adopt);
            if (!container.dummy() || top && children.size() > 1) {
                kept.add(container);
            } else {
                children.forEach(child -> child.parent = container.parent);
                kept.addAll(children);
            }
        }
        return kept;
    }

    /** Step 5: threads of one base subject (compared as i;ascii-casemap) joined, a reply under its original, others under a new dummy. */
    private static List<Container> gatherBySubject(List<Container> roots) {
        Map<String, Container> bySubject = new TreeMap<>(MessageOrder.ASCII_CASEMAP);
        for (Container root : roots) {
            String subject = baseSubject(root).text();
            if (!subject.isEmpty()) {
                bySubject.merge(subject, root, (held, offered) -> preferred(held, offered) ? offered : held);
            }
        }
        List<Container> gathered = new ArrayList<>(roots);
        for (Container root : roots) {
            String subject = baseSubject(root).text();
            Container held = bySubject.get(subject);
            if (subject.isEmpty() || held == root) {
                continue;
            }
            gathered.remove(root);
            if (held.dummy() && root.dummy()) {
                root.children.forEach(held::adopt);
            } else if (held.dummy()) {
                held.adopt(root);
            } else if (baseSubject(root).replyOrForward() && !baseSubject(held).replyOrForward()) {
                held.adopt(root);
            } else {
                Container dummy = new Container(null);
                gathered.set(gathered.indexOf(held), dummy);
                dummy.adopt(held);
                dummy.adopt(root);
                bySubject.put(subject, dummy);
            }
        }
        return gathered;
    }

    /** Step 5.C: a dummy over a message, an original over a reply or forward. */
    private static boolean preferred(Container held, Container offered) {
        return offered.dummy() && !held.dummy()
                || !held.dummy() && baseSubject(held).replyOrForward() && !baseSubject(offered).replyOrForward();
    }

    private static BaseSubject baseSubject(Container container) {
        return BaseSubject.of(container.representative().summary().subject());
    }

    private static void sortDescendants(Container container) {
        container.children.forEach(MessageThreads::sortDescendants);
        container.children.sort(BY_SENT_DATE);
    }
}
