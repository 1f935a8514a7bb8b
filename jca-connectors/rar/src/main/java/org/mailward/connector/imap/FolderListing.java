package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.mailward.connector.spi.mailbox.FolderEntry;

/**
 * The responses of LIST and LSUB (RFC 9051 section 6.3.9), with LIST-EXTENDED's selection and
 * return options (RFC 5258) and the special uses (RFC 6154): which names match, with which
 * attributes. Names that do not exist are listed where the RFCs want them: a level of hierarchy
 * above a match when the pattern ends in {@code %}, and a parent whose descendants, unmatched,
 * meet the selection (RECURSIVEMATCH, with CHILDINFO).
 */
final class FolderListing {

    private static final String DELIMITER = "/";

    /**
     * One mailbox name to list, and what its response says.
     *
     * @param kind       LIST or LSUB
     * @param quotedName the name as the client reads it
     * @param selectable whether the name is a folder (one STATUS can be asked of)
     * @param extended   the extended data items (RFC 9051 section 7.3.1), each a tag and its value
     */
    record Listed(String kind, String name, String quotedName, boolean selectable, List<String> attributes, List<String> extended) {

        String response() {
            return "* " + kind + " (" + String.join(" ", attributes) + ") \"" + DELIMITER + "\" " + quotedName
                    + (extended.isEmpty() ? "" : " (" + String.join(" ", extended) + ")");
        }

        /** The same name, no longer selectable: LIST-STATUS found it could not be (RFC 9051 section 6.3.9.2). */
        Listed noSelect() {
            List<String> more = new ArrayList<>(attributes);
            more.addFirst("\\Noselect");
            return new Listed(kind, name, quotedName, false, List.copyOf(more), extended);
        }

        /** With the OLDNAME extended data item (RFC 9051 section 6.3.9.7): the client supplied {@code quotedOldName} for this name. */
        Listed oldName(String quotedOldName) {
            List<String> more = new ArrayList<>(extended);
            more.add("\"OLDNAME\" (" + quotedOldName + ")");
            return new Listed(kind, name, quotedName, selectable, attributes, List.copyOf(more));
        }
    }

    private FolderListing() {
    }

    /**
     * @param nonExistent the attribute of a listed name that is no folder: {@code \NonExistent}
     *                    (RFC 5258 section 3, IMAP4rev2), or IMAP4rev1's {@code \Noselect}
     */
    static List<Listed> list(ImapCommand.ListMailboxes command, List<FolderEntry> folders, MailboxNames names, String nonExistent) {
        ImapCommand.ListOptions options = command.options();
        boolean subscribed = command.subscribedOnly() || options.selection().contains("SUBSCRIBED");
        Predicate<FolderEntry> selected = folder -> (!subscribed || folder.subscribed())
                && (!options.selection().contains("SPECIAL-USE") || folder.specialUse() != null);
        boolean recursive = options.selection().contains("RECURSIVEMATCH");
        // RFC 9051 section 6.3.9: a trailing % lists the levels above what matches; with selection options, RECURSIVEMATCH does.
        boolean levelsAbove = !options.selection().contains("SUBSCRIBED") && !options.selection().contains("SPECIAL-USE");
        boolean showSubscribed = options.selection().contains("SUBSCRIBED") || options.returns().contains("SUBSCRIBED");
        List<MailboxPattern> patterns = command.patterns().stream().map(pattern -> MailboxPattern.of(command.reference() + pattern)).toList();
        List<MailboxPattern> levelPatterns = command.patterns().stream().filter(pattern -> pattern.endsWith("%"))
                .map(pattern -> MailboxPattern.of(command.reference() + pattern)).toList();

        TreeMap<String, FolderEntry> existing = new TreeMap<>();
        folders.forEach(folder -> existing.put(folder.name(), folder));
        TreeSet<String> candidates = new TreeSet<>(existing.keySet());
        existing.keySet().forEach(name -> candidates.addAll(ancestors(name)));

        String kind = command.subscribedOnly() ? "LSUB" : "LIST";
        List<Listed> listed = new ArrayList<>();
        for (String name : candidates) {
            if (patterns.stream().noneMatch(pattern -> pattern.matches(name))) {
                continue;
            }
            FolderEntry folder = existing.get(name);
            List<FolderEntry> descendants = existing.tailMap(name + DELIMITER).values().stream()
                    .takeWhile(other -> other.name().startsWith(name + DELIMITER)).toList();
            boolean meetsSelection = folder != null && selected.test(folder);
            boolean childInfo = recursive && descendants.stream()
                    .anyMatch(child -> selected.test(child) && patterns.stream().noneMatch(pattern -> pattern.matches(child.name())));
            boolean level = levelsAbove && !meetsSelection && descendants.stream().anyMatch(selected)
                    && levelPatterns.stream().anyMatch(pattern -> pattern.matches(name));
            if (!meetsSelection && !childInfo && !level) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (folder == null) {
                attributes.add(nonExistent);
            } else if (command.subscribedOnly() && !meetsSelection) {
                attributes.add("\\Noselect"); // LSUB's word for a level that is not subscribed (RFC 3501 section 6.3.9)
            }
            attributes.add(descendants.isEmpty() ? "\\HasNoChildren" : "\\HasChildren");
            if (folder != null && folder.specialUse() != null) {
                attributes.add(folder.specialUse());
            }
            if (folder != null && showSubscribed && folder.subscribed()) {
                attributes.add("\\Subscribed");
            }
            listed.add(new Listed(kind, name, names.quoted(name), folder != null, List.copyOf(attributes),
                    childInfo ? List.of("\"CHILDINFO\" (\"SUBSCRIBED\")") : List.of()));
        }
        return listed;
    }

    /** The LIST response for one folder by its name, as SELECT gives it to an IMAP4rev2 client. */
    static Optional<Listed> exactly(String name, List<FolderEntry> folders, MailboxNames names) {
        // the name as the pattern: any wildcard in it also matches itself, and the filter keeps the name alone
        ImapCommand.ListMailboxes command = new ImapCommand.ListMailboxes("*", "", List.of(name), false, ImapCommand.ListOptions.NONE);
        return list(command, folders, names, "\\NonExistent").stream().filter(listed -> listed.name().equals(name)).findFirst();
    }

    /** The LIST response for a name that names nothing, as DELETE leaves it. */
    static Listed nonExistent(String name, MailboxNames names) {
        return new Listed("LIST", name, names.quoted(name), false, List.of("\\NonExistent"), List.of());
    }

    /** "a/b/c" has "a" and "a/b" above it. */
    private static List<String> ancestors(String name) {
        List<String> ancestors = new ArrayList<>();
        for (int slash = name.indexOf(DELIMITER); slash > 0; slash = name.indexOf(DELIMITER, slash + 1)) {
            ancestors.add(name.substring(0, slash));
        }
        return ancestors;
    }
}
