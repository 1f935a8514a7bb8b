package org.mailward.mailbox.search;

import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilterFactory;
import org.apache.lucene.analysis.pattern.PatternTokenizerFactory;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * The one analyzer of the mail index, {@value #NAME}: words are runs of letters and digits, so an
 * address {@code john.smith@example.com} is the words john, smith, example and com; case and
 * accents are folded away, as mail clients' searches ignore them. {@link SearchWords} splits a
 * query the same way.
 */
public class MailWordsAnalysis implements LuceneAnalysisConfigurer {

    public static final String NAME = "mail_words";

    @Override
    public void configure(LuceneAnalysisConfigurationContext context) {
        context.analyzer(NAME).custom()
                .tokenizer(PatternTokenizerFactory.class).param("pattern", SearchWords.SEPARATORS)
                .tokenFilter(LowerCaseFilterFactory.class)
                .tokenFilter(ASCIIFoldingFilterFactory.class);
    }
}
