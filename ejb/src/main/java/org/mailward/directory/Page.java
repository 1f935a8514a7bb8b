package org.mailward.directory;

import java.util.List;

/** One page of a list, with the total the search matched. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
}
