package org.mailward.mailbox.search;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.util.ArrayUtil;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Splits a word where it passes between a script written without spaces between words (Chinese,
 * Japanese, Thai...) and any other, and types the unspaced runs {@link #TYPE}, so that they can be
 * indexed as overlapping pairs of characters: {@code Mailwardの使い方} is {@code Mailward} and
 * {@code の使い方}. Marks and modifier letters common to several scripts (the katakana length mark
 * {@code ー}, a combining accent) belong to the run they follow.
 */
final class UnspacedRuns extends TokenFilter {

    /** The type of an unspaced run: the one {@link org.apache.lucene.analysis.cjk.CJKBigramFilter} pairs as Han. */
    static final String TYPE = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC];

    private static final Set<Character.UnicodeScript> UNSPACED = EnumSet.of(
            Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA,
            Character.UnicodeScript.BOPOMOFO, Character.UnicodeScript.HANGUL, Character.UnicodeScript.THAI,
            Character.UnicodeScript.LAO, Character.UnicodeScript.KHMER, Character.UnicodeScript.MYANMAR);

    /** Below Thai, the first unspaced script, nothing starts a run: most words are told at a glance. */
    private static final char FIRST_UNSPACED = '\u0E00';

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);

    // The word being split, and where its next run begins.
    private char[] word = new char[16];
    private int length;
    private int wordStart;
    private int next;
    private String wordType;

    UnspacedRuns(TokenStream input) {
        super(input);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (next < length) {
            emitRun();
            return true;
        }
        if (!input.incrementToken()) {
            return false;
        }
        if (!mayHoldUnspaced(term.buffer(), term.length())) {
            return true;
        }
        length = term.length();
        word = ArrayUtil.grow(word, length);
        System.arraycopy(term.buffer(), 0, word, 0, length);
        wordStart = offset.startOffset();
        wordType = type.type();
        next = 0;
        emitRun();
        return true;
    }

    private void emitRun() {
        int start = next;
        boolean unspaced = false;
        int i = start;
        while (i < length) {
            int codePoint = Character.codePointAt(word, i, length);
            boolean inRun = unspaced(codePoint, unspaced);
            if (i > start && inRun != unspaced) {
                break;
            }
            unspaced = inRun;
            i += Character.charCount(codePoint);
        }
        next = i;
        term.copyBuffer(word, start, i - start);
        offset.setOffset(wordStart + start, wordStart + i);
        type.setType(unspaced ? TYPE : wordType);
        if (start > 0) {
            position.setPositionIncrement(1);
        }
    }

    /** Whether a code point belongs to an unspaced run, given whether the one before it does. */
    static boolean unspaced(int codePoint, boolean previous) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        if (script == Character.UnicodeScript.COMMON || script == Character.UnicodeScript.INHERITED) {
            return switch (Character.getType(codePoint)) {
                case Character.MODIFIER_LETTER, Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK,
                     Character.ENCLOSING_MARK -> previous;
                default -> false;
            };
        }
        return UNSPACED.contains(script);
    }

    private static boolean mayHoldUnspaced(char[] chars, int length) {
        for (int i = 0; i < length; i++) {
            if (chars[i] >= FIRST_UNSPACED) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        length = 0;
        next = 0;
    }
}
