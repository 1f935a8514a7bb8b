package org.mailward.connector.spi.mailbox;

/**
 * A folder as LIST shows it.
 *
 * @param name       the full name, levels separated by {@code /}
 * @param specialUse its RFC 6154 attribute ({@code \Sent}, ...), or null
 */
public record FolderEntry(String name, String specialUse, boolean subscribed) {
}
