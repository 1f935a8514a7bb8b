package org.mailward.it;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The server's full-text index as its last commit is on disk ({@code data/index/mail_message}),
 * read beside the running server: what an operator would find there, not what a search shows.
 */
final class SearchIndexFiles {

    private SearchIndexFiles() {
    }

    /** Documents whose body holds {@code word} (lower case, letters and digits only, as the index keeps words). */
    static int documentsWithBodyWord(String word) throws IOException {
        try (Directory directory = FSDirectory.open(ItEnvironment.dataDirectory().resolve("index").resolve("mail_message"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            return new IndexSearcher(reader).count(new TermQuery(new Term("body", word)));
        }
    }

    /** Waits a little for the count to become {@code expected} (the index commits just after the database), and returns it. */
    static int awaitDocumentsWithBodyWord(String word, int expected) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int count = documentsWithBodyWord(word);
        while (count != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            count = documentsWithBodyWord(word);
        }
        return count;
    }
}
