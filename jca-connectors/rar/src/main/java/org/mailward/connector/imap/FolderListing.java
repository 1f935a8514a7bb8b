package org.mailward.connector.imap;

import java.util.ArrayList;
import java.util.List;

import org.mailward.connector.spi.mailbox.FolderEntry;

/** The responses of LIST and LSUB (RFC 9051 section 6.3.9): which folders match, with which attributes. */
final class FolderListing {

    private static final String DELIMITER = "/";

    private FolderListing() {
    }

    /** The untagged {@code LIST} (or {@code LSUB}) responses for the folders the command's pattern matches. */
    static List<String> lines(ImapCommand.ListMailboxes command, List<FolderEntry> folders, MailboxNames names) {
        String name = command.subscribedOnly() ? "LSUB" : "LIST";
        MailboxPattern matcher = MailboxPattern.of(command.reference() + command.pattern());
        List<String> lines = new ArrayList<>();
        for (FolderEntry folder : folders) {
            if (!matcher.matches(folder.name()) || (command.subscribedOnly() && !folder.subscribed())) {
                continue;
            }
            boolean children = folders.stream().anyMatch(other -> other.name().startsWith(folder.name() + DELIMITER));
            List<String> attributes = new ArrayList<>();
            attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
            if (folder.specialUse() != null) {
                attributes.add(folder.specialUse());
            }
            lines.add("* " + name + " (" + String.join(" ", attributes) + ") \"" + DELIMITER + "\" " + names.quoted(folder.name()));
        }
        return lines;
    }
}
