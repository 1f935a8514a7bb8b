package org.mailward.directory.domain;

/**
 * Outbound throttling of a domain: messages and megabytes per hour (0 = unlimited), and what
 * happens past them: {@code delay} or {@code reject}. On input, null leaves a component as it is.
 */
public record Throttling(Integer messagesPerHour, Integer mbPerHour, String action) {

    static final Throttling NONE = new Throttling(0, 0, "delay");
}
