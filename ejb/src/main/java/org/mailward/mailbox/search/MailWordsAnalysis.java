package org.mailward.mailbox.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * The one analyzer of the mail index, {@value #NAME}: words are runs of letters, marks and
 * digits, so an address {@code john.smith@example.com} is the words john, smith, example and com;
 * case, accents and letter variants are folded away ({@link LetterFolding}), as mail clients'
 * searches ignore them. Text in scripts written without spaces (Chinese, Japanese, Thai...; and
 * Korean, whose particles join the word) is indexed character by character and as overlapping
 * pairs ({@link UnspacedRuns}), so that any part of it is found (ADR 0030). {@link SearchWords}
 * splits a query into the same {@link #WORDS}. Words are told by character class, not by a
 * regular expression: indexing a 100 KB body is then cheap enough to keep up with delivery.
 */
public class MailWordsAnalysis implements LuceneAnalysisConfigurer {

    public static final String NAME = "mail_words";

    /** What the index holds: the words, and each unspaced run as its characters and their pairs. */
    static final Analyzer INDEXED = new MailWords(true);

    /** The words alone, folded, with their unspaced runs whole: what a search is made of. */
    static final Analyzer WORDS = new MailWords(false);

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(NAME).instance(INDEXED);
    }

    /** Whether a code point belongs to a word: a letter, a mark or a digit. */
    static boolean inWord(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    private static final class MailWords extends Analyzer {

        private final boolean pairs;

        MailWords(boolean pairs) {
            this.pairs = pairs;
        }

        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer words = CharTokenizer.fromTokenCharPredicate(MailWordsAnalysis::inWord);
            TokenStream folded = fold(new UnspacedRuns(words));
            // Every character as well as every pair: a search for one character finds it too.
            return new TokenStreamComponents(words, pairs ? new CJKBigramFilter(folded, CJKBigramFilter.HAN, true) : folded);
        }

        @Override
        protected TokenStream normalize(String field, TokenStream in) {
            return fold(in);
        }

        private static TokenStream fold(TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(new LetterFolding(in)));
        }
    }
}
