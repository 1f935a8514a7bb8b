package org.mailward.connector.spi.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * A message's metadata, as FETCH answers it, and how to read the message.
 *
 * @param flags system flags by their IMAP names ({@code \Seen}), then keywords
 * @param body  opens the raw message as stored (RFC 5322, CRLF line ends); the caller closes the stream
 */
public record MessageMeta(long uid, long modseq, List<String> flags, Instant internalDate, long size, Body body) {

    /** This message with the flags and modseq of a later answer about it, keeping how to read it. */
    public MessageMeta withFlagsOf(MessageMeta changed) {
        return new MessageMeta(uid, changed.modseq(), changed.flags(), internalDate, size, body);
    }

    /**
     * Reads a stored message without asking the backend again: a FETCH of message content costs
     * one look-up per batch, not one per message. Bodies are stored immutably under their content,
     * so reading one later gives what the look-up found.
     */
    @FunctionalInterface
    public interface Body {
        /** @throws java.nio.file.NoSuchFileException when the stored body is gone */
        InputStream open() throws IOException;
    }
}
