package org.mailward.connector.spi;

import java.util.List;

/**
 * The adapter's view of its listeners, bound in JNDI as an administered object
 * ({@code java:/mailward/ListenerDirectory}) so that health checks and admin screens can read it.
 */
public interface ListenerDirectory {

    /** Every configured listener, listening or not, in a stable order. */
    List<ListenerStatus> listeners();
}
