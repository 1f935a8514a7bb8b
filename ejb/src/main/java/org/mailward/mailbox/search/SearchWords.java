package org.mailward.mailbox.search;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A search string as the index query that finds it: split into the words the index holds and
 * folded the same way ({@link MailWordsAnalysis#WORDS}). Of several words, all but the last are a
 * phrase, and the last is the beginning of a word; a run of an unspaced script is a phrase of its
 * pairs of characters (one character: that character), found anywhere in a longer run.
 */
final class SearchWords {

    /** A word of a search, folded; {@code unspaced} when it is a run of a script written without spaces. */
    record Word(String text, boolean unspaced) {
    }

    private SearchWords() {
    }

    static List<Word> of(String search) {
        List<Word> words = new ArrayList<>();
        try (TokenStream tokens = MailWordsAnalysis.WORDS.tokenStream("", search)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            TypeAttribute type = tokens.addAttribute(TypeAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                words.add(new Word(term.toString(), UnspacedRuns.TYPE.equals(type.type())));
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string in memory cannot fail to be read
        }
        return words;
    }

    /** The query of the messages whose {@code field} holds the words (at least one). */
    static Query query(String field, List<Word> words) {
        Word last = words.getLast();
        if (last.unspaced()) {
            return phrase(field, words); // its pairs find it inside a longer run: no beginning to complete
        }
        Query beginning = new PrefixQuery(new Term(field, last.text()));
        if (words.size() == 1) {
            return beginning;
        }
        return new BooleanQuery.Builder()
                .add(phrase(field, words.subList(0, words.size() - 1)), BooleanClause.Occur.MUST)
                .add(beginning, BooleanClause.Occur.MUST)
                .build();
    }

    /**
     * The words at consecutive positions, as the index placed them: a word takes one position, an
     * unspaced run one per character, with each pair at the position of its first character.
     */
    private static Query phrase(String field, List<Word> words) {
        PhraseQuery.Builder phrase = new PhraseQuery.Builder();
        int position = 0;
        for (Word word : words) {
            if (!word.unspaced()) {
                phrase.add(new Term(field, word.text()), position++);
                continue;
            }
            int[] characters = word.text().codePoints().toArray();
            if (characters.length == 1) {
                phrase.add(new Term(field, word.text()), position);
            }
            for (int i = 0; i + 1 < characters.length; i++) {
                phrase.add(new Term(field, new String(characters, i, 2)), position + i);
            }
            position += characters.length;
        }
        return phrase.build();
    }
}
