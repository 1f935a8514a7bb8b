package org.mailward.connector.spi.smtp;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message received by the listener, held until the backend has stored it: the bytes after
 * dot-unstuffing (DATA) or as sent (BDAT), with CRLF line ends.
 */
public interface MessageContent {

    long size();

    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;
}
