package org.mailward.connector.spi.mailbox;

import java.util.List;

/**
 * A message in a THREAD response (RFC 5256 section 4) with its replies in order, or a dummy
 * ({@code uid} 0) standing for a message that is missing but whose replies share a thread.
 */
public record ThreadNode(long uid, List<ThreadNode> children) {

    public boolean dummy() {
        return uid == 0;
    }
}
