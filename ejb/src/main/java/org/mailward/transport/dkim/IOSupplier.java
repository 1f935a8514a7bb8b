package org.mailward.transport.dkim;

import java.io.IOException;

/** Opens something that may fail to open, such as a stored message; called when it is needed. */
@FunctionalInterface
public interface IOSupplier<T> {

    T get() throws IOException;
}
