package org.mailward.mailbox.search;

import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A search string split into the words the index holds ({@link MailWordsAnalysis}): folded the same way. */
final class SearchWords {

    /** What separates words: anything but letters, digits and the marks that belong to letters. */
    static final String SEPARATORS = "[^\\p{L}\\p{M}\\p{N}]+";

    private SearchWords() {
    }

    static List<String> of(String search) {
        return Arrays.stream(search.split(SEPARATORS)).filter(word -> !word.isEmpty()).map(SearchWords::fold).toList();
    }

    private static String fold(String word) {
        char[] lower = word.toLowerCase(Locale.ROOT).toCharArray();
        char[] folded = new char[lower.length * 4];
        int length = ASCIIFoldingFilter.foldToASCII(lower, 0, folded, 0, lower.length);
        return new String(folded, 0, length);
    }
}
