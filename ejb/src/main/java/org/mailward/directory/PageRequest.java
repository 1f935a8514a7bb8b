package org.mailward.directory;

import java.util.Locale;

/**
 * Which page of a list a client wants, and the text to search for (a case-insensitive substring,
 * empty for everything).
 */
public record PageRequest(int offset, int limit, String search) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw DirectoryException.invalid("offset must be 0 or more and limit between 1 and " + MAX_LIMIT);
        }
        search = search == null ? "" : search.trim().toLowerCase(Locale.ROOT);
    }

    /** Reads the optional query parameters of a list request. */
    public static PageRequest of(Integer offset, Integer limit, String search) {
        return new PageRequest(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit, search);
    }

    /** The search as a SQL LIKE pattern, with the wildcards in the text itself escaped by {@code \}. */
    public String likePattern() {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
