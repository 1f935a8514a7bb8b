package org.mailward.mailbox.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * The one analyzer of the mail index, {@value #NAME}: words are runs of letters, marks and
 * digits, so an address {@code john.smith@example.com} is the words john, smith, example and com;
 * case and accents are folded away, as mail clients' searches ignore them. {@link SearchWords}
 * splits a query the same way. Words are told by character class, not by a regular expression:
 * indexing a 100 KB body is then cheap enough to keep up with delivery.
 */
public class MailWordsAnalysis implements LuceneAnalysisConfigurer {

    public static final String NAME = "mail_words";

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(NAME).instance(new MailWords());
    }

    /** Whether a code point belongs to a word: a letter, a mark or a digit (what {@link SearchWords#SEPARATORS} excludes). */
    static boolean inWord(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER, Character.MODIFIER_LETTER,
                 Character.OTHER_LETTER, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    private static final class MailWords extends Analyzer {

        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer words = CharTokenizer.fromTokenCharPredicate(MailWordsAnalysis::inWord);
            return new TokenStreamComponents(words, fold(words));
        }

        @Override
        protected TokenStream normalize(String field, TokenStream in) {
            return fold(in);
        }

        private static TokenStream fold(TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }
    }
}
