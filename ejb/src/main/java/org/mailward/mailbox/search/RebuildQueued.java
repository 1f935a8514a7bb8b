package org.mailward.mailbox.search;

/** The answer to a rebuild: the messages now waiting to be indexed again. */
public record RebuildQueued(long queued) {
}
