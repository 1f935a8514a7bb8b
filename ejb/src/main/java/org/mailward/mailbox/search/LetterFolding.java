package org.mailward.mailbox.search;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizer;
import org.apache.lucene.analysis.fa.PersianNormalizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

import java.io.IOException;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folds what a reader does not see as a different word, before case and accents are folded to
 * ASCII: compatibility forms (full-width {@code Ａ}, half-width {@code ｶ}, ligatures, the
 * decomposed accents of some mailers), the diacritics of Greek, Cyrillic, Hebrew and Arabic words
 * ({@code ά}, {@code ё}, niqqud, harakat), the Greek final sigma, and the letter variants Arabic
 * and Persian writers use interchangeably (hamza on alef, yeh and kaf forms, tatweel). The marks
 * that spell Indic and South-East Asian words are kept. Unspaced runs ({@link UnspacedRuns}) are
 * only brought to their compatibility composition: their marks are letters of their own.
 * Words of letters below U+0300 are left to the ASCII folding, which knows them all.
 */
final class LetterFolding extends TokenFilter {

    /** Scripts whose combining marks are accents or vowel points a reader may leave out. */
    private static final Set<Character.UnicodeScript> OPTIONAL_MARKS = EnumSet.of(
            Character.UnicodeScript.INHERITED, Character.UnicodeScript.LATIN, Character.UnicodeScript.GREEK,
            Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.ARMENIAN, Character.UnicodeScript.HEBREW,
            Character.UnicodeScript.ARABIC, Character.UnicodeScript.SYRIAC);

    private static final char FIRST_COMBINING_MARK = '\u0300';

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final ArabicNormalizer arabic = new ArabicNormalizer();
    private final PersianNormalizer persian = new PersianNormalizer();

    LetterFolding(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        while (input.incrementToken()) {
            if (belowCombiningMarks(term.buffer(), term.length())) {
                return true;
            }
            if (UnspacedRuns.TYPE.equals(type.type())) {
                String composed = Normalizer.normalize(term, Normalizer.Form.NFKC);
                term.setEmpty().append(composed);
            } else {
                foldLetters();
            }
            if (!term.isEmpty()) {
                return true; // a word of marks or tatweels alone is no word
            }
        }
        return false;
    }

    private void foldLetters() {
        term.setLength(arabic.normalize(term.buffer(), persian.normalize(term.buffer(), term.length())));
        String decomposed = Normalizer.normalize(term, Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(codePoint -> !optionalMark(codePoint))
                .forEach(codePoint -> folded.appendCodePoint(codePoint == 'ς' ? 'σ' : codePoint));
        term.setEmpty().append(folded);
    }

    private static boolean optionalMark(int codePoint) {
        int kind = Character.getType(codePoint);
        return (kind == Character.NON_SPACING_MARK || kind == Character.ENCLOSING_MARK)
                && OPTIONAL_MARKS.contains(Character.UnicodeScript.of(codePoint));
    }

    private static boolean belowCombiningMarks(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            if (chars[i] >= FIRST_COMBINING_MARK) {
                return false;
            }
        }
        return true;
    }
}
