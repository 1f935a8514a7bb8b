package org.mailward.connector.spi.mailbox;

/** The THREAD algorithms (RFC 5256 section 3). */
public enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }
