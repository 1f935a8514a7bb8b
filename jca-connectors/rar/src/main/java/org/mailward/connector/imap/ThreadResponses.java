package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

import org.mailward.connector.spi.mailbox.ThreadNode;

/** The THREAD response (RFC 5256 section 4): {@code * THREAD (2)(3 6 (4 23)(44 7 96))}. */
final class ThreadResponses {

    private ThreadResponses() {
    }

    /**
     * @param number the number the client knows a UID by (sequence number or UID), 0 for one it
     *               does not know yet, which is left out as a dummy would be
     */
    static String response(List<ThreadNode> threads, LongUnaryOperator number) {
        StringBuilder response = new StringBuilder("* THREAD");
        List<ThreadNode> numbered = numbered(threads, number, true);
        if (!numbered.isEmpty()) {
            appendThreadLists(response.append(' '), numbered);
        }
        return response.toString();
    }

    /**
     * The threads with the client's numbers; a node without one gives its place to its children,
     * as RFC 5256 section 3 prunes dummies: at the top it stays as a dummy (0) over two or more.
     */
    private static List<ThreadNode> numbered(List<ThreadNode> nodes, LongUnaryOperator number, boolean top) {
        List<ThreadNode> numbered = new ArrayList<>();
        for (ThreadNode node : nodes) {
            long known = node.dummy() ? 0 : number.applyAsLong(node.uid());
            List<ThreadNode> children = numbered(node.children(), number, false);
            if (known > 0 || top && children.size() > 1) {
                numbered.add(new ThreadNode(known, children));
            } else {
                numbered.addAll(children);
            }
        }
        return numbered;
    }

    /** {@code 1*thread-list}: each thread in parentheses. */
    private static void appendThreadLists(StringBuilder out, List<ThreadNode> threads) {
        for (ThreadNode thread : threads) {
            out.append('(');
            appendMembers(out, thread);
            out.append(')');
        }
    }

    /**
     * {@code thread-members / thread-nested}: a message, then its only reply on the same level or
     * its replies as nested lists; a dummy is only its replies, nested.
     */
    private static void appendMembers(StringBuilder out, ThreadNode node) {
        if (node.dummy()) {
            appendThreadLists(out, node.children());
            return;
        }
        out.append(node.uid());
        if (node.children().size() == 1) {
            appendMembers(out.append(' '), node.children().getFirst());
        } else if (!node.children().isEmpty()) {
            appendThreadLists(out.append(' '), node.children());
        }
    }
}
