package org.mailward.connector.spi.mailbox;

/** How STORE combines the given flags with a message's own: {@code FLAGS}, {@code +FLAGS}, {@code -FLAGS}. */
public enum FlagChange { REPLACE, ADD, REMOVE }
