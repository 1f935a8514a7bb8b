package org.mailward.connector.imap;

import java.util.Set;
import java.util.stream.LongStream;

import org.mailward.connector.imap.ImapCommand.SearchReturn;

/** What SEARCH answers with RETURN options: the ESEARCH response (RFC 4731), and what SAVE keeps (RFC 5182). */
final class SearchResults {

    private SearchResults() {
    }

    /**
     * {@code * ESEARCH (TAG "a1") UID MIN 2 MAX 9 COUNT 4 ALL 2:4,9}: MIN, MAX and ALL are left
     * out when nothing was found (RFC 4731 section 3.1).
     *
     * @param found  the messages found, ascending, as sequence numbers or (with {@code byUid}) UIDs
     * @param modseq the highest modseq of the messages reported, for a program with MODSEQ
     *               (RFC 7162 section 3.1.5); 0 for none
     */
    static String esearch(String tag, boolean byUid, Set<SearchReturn> returns, long[] found, long modseq) {
        StringBuilder response = new StringBuilder("* ESEARCH (TAG \"").append(tag).append("\")");
        if (byUid) {
            response.append(" UID");
        }
        if (found.length > 0 && returns.contains(SearchReturn.MIN)) {
            response.append(" MIN ").append(found[0]);
        }
        if (found.length > 0 && returns.contains(SearchReturn.MAX)) {
            response.append(" MAX ").append(found[found.length - 1]);
        }
        if (returns.contains(SearchReturn.COUNT)) {
            response.append(" COUNT ").append(found.length);
        }
        if (found.length > 0 && returns.contains(SearchReturn.ALL)) {
            response.append(" ALL ").append(ImapSession.uidSet(found));
        }
        if (modseq > 0) {
            response.append(" MODSEQ ").append(modseq);
        }
        return response.toString();
    }

    /**
     * The messages SAVE keeps: all found, unless MIN or MAX come without ALL or COUNT, which keep
     * only the lowest or highest (RFC 5182 section 2.1).
     */
    static long[] saved(Set<SearchReturn> returns, long[] uids) {
        boolean extremesOnly = (returns.contains(SearchReturn.MIN) || returns.contains(SearchReturn.MAX))
                && !returns.contains(SearchReturn.ALL) && !returns.contains(SearchReturn.COUNT);
        if (!extremesOnly || uids.length == 0) {
            return uids;
        }
        LongStream.Builder kept = LongStream.builder();
        if (returns.contains(SearchReturn.MIN)) {
            kept.add(uids[0]);
        }
        if (returns.contains(SearchReturn.MAX)) {
            kept.add(uids[uids.length - 1]);
        }
        return kept.build().distinct().toArray();
    }

    /** Whether RETURN asks for an ESEARCH response: SAVE alone asks for none (RFC 5182 section 2.1). */
    static boolean answered(Set<SearchReturn> returns) {
        return returns.stream().anyMatch(option -> option != SearchReturn.SAVE);
    }
}
