package org.mailward.mailbox.sort;

/**
 * The base subject of a message (RFC 5256 section 2.1), which SORT SUBJECT and THREAD compare:
 * the subject without its reply and forward markers, mailing-list blobs and extra whitespace.
 *
 * @param replyOrForward whether a reply or forward marker was removed (a {@code subj-refwd},
 *                       {@code (fwd)}, or {@code [fwd: ...]}): THREAD REFERENCES prefers the
 *                       original of a subject as a thread's head (section 3, step 5)
 */
public record BaseSubject(String text, boolean replyOrForward) {

    private static final BaseSubject NONE = new BaseSubject("", false);

    /** @param subject the Subject field, RFC 2047-decoded (step 1's decoding), or null */
    public static BaseSubject of(String subject) {
        if (subject == null) {
            return NONE;
        }
        // (1) tabs and continuations become spaces, runs of spaces one space
        String text = subject.replaceAll("[\\t\\r\\n ]+", " ");
        boolean replyOrForward = false;
        while (true) {
            // (2) subj-trailer = "(fwd)" / WSP, as often as they come
            while (true) {
                if (text.endsWith(" ")) {
                    text = text.substring(0, text.length() - 1);
                } else if (endsWithIgnoringCase(text, "(fwd)")) {
                    text = text.substring(0, text.length() - "(fwd)".length());
                    replyOrForward = true;
                } else {
                    break;
                }
            }
            // (5) steps 3 and 4 until neither matches
            boolean removed;
            do {
                removed = false;
                // (3) subj-leader = (*subj-blob subj-refwd) / WSP
                int leader = refwdLeaderEnd(text);
                if (text.startsWith(" ")) {
                    text = text.substring(1);
                    removed = true;
                } else if (leader > 0) {
                    text = text.substring(leader);
                    replyOrForward = true;
                    removed = true;
                }
                // (4) a leading subj-blob, unless nothing would be left of the subject
                int blob = blobEnd(text, 0);
                if (blob > 0 && !text.substring(blob).isBlank()) {
                    text = text.substring(blob);
                    removed = true;
                }
            } while (removed);
            // (6) subj-fwd-hdr "[fwd:" and subj-fwd-trl "]" around the rest: remove both, and start again from step 2
            if (text.regionMatches(true, 0, "[fwd:", 0, 5) && text.endsWith("]")) {
                text = text.substring(5, text.length() - 1);
                replyOrForward = true;
                continue;
            }
            return new BaseSubject(text, replyOrForward);
        }
    }

    /** Where {@code *subj-blob subj-refwd} at the start ends; 0 if it does not match. */
    private static int refwdLeaderEnd(String text) {
        int position = 0;
        for (int blob = blobEnd(text, 0); blob > 0; blob = blobEnd(text, position)) {
            position = blob;
        }
        for (String marker : new String[] {"re", "fwd", "fw"}) {
            int end = refwdEnd(text, position, marker);
            if (end > 0) {
                return end;
            }
        }
        return 0;
    }

    /** {@code subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":"} at {@code start} with this marker: where it ends, or 0. */
    private static int refwdEnd(String text, int start, String marker) {
        if (!text.regionMatches(true, start, marker, 0, marker.length())) {
            return 0;
        }
        int position = start + marker.length();
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
        int blob = blobEnd(text, position);
        if (blob > 0) {
            position = blob;
        }
        return position < text.length() && text.charAt(position) == ':' ? position + 1 : 0;
    }

    /** {@code subj-blob = "[" *BLOBCHAR "]" *WSP} at {@code start} (BLOBCHAR: anything but brackets): where it ends, or 0. */
    private static int blobEnd(String text, int start) {
        if (start >= text.length() || text.charAt(start) != '[') {
            return 0;
        }
        int position = start + 1;
        while (position < text.length() && text.charAt(position) != ']') {
            if (text.charAt(position) == '[') {
                return 0;
            }
            position++;
        }
        if (position == text.length()) {
            return 0;
        }
        position++;
        while (position < text.length() && text.charAt(position) == ' ') {
            position++;
        }
        return position;
    }

    private static boolean endsWithIgnoringCase(String text, String suffix) {
        return text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
