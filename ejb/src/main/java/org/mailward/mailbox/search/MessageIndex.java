package org.mailward.mailbox.search;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.search.backend.lucene.LuceneExtension;
import org.hibernate.search.backend.lucene.search.predicate.dsl.LuceneSearchPredicateFactory;
import org.hibernate.search.engine.search.predicate.dsl.PredicateFinalStep;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.hibernate.search.mapper.pojo.work.IndexingPlanSynchronizationStrategy;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.store.MailMessage;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessagesRemoved;
import org.mailward.mailbox.structure.MessageStructure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The full-text index of messages (ADR 0022): Lucene through Hibernate Search, one document per
 * message row, written here and nowhere else. A message is indexed after it is placed in its
 * folder, in batches in the background ({@link TextIndexing}), and before any search of its folder
 * that comes first; its row's {@code text_indexed} says which messages the index holds. Searches
 * match words and word beginnings, case and accents folded, as a mail client's search box does,
 * and any part of text in scripts written without spaces (ADR 0030).
 */
@Stateless
public class MessageIndex {

    private static final Logger LOG = Logger.getLogger(MessageIndex.class.getName());

    /** Messages indexed in one transaction: one index commit covers them all. */
    private static final int BATCH = 200;
    /** A batch starts no further message after this, so that the index commits often. */
    private static final Duration BATCH_TIME = Duration.ofSeconds(60);
    /**
     * The time a batch leaves itself to write the index and commit within the transaction's
     * timeout (300 s): it starts no message whose extraction time limit would reach into this.
     */
    private static final Duration LAST_START_BEFORE_TIMEOUT = Duration.ofSeconds(300 - 60);

    /** The indexed fields, named in {@link MailMessage}'s mapping. */
    public enum Field {
        SUBJECT("subject"), FROM("from"), TO("to"), CC("cc"), HEADERS("headers"), BODY("body");

        private final String name;

        Field(String name) {
            this.name = name;
        }
    }

    @PersistenceContext
    private EntityManager em;

    @Inject
    private BlobStore blobs;

    @Inject
    private MailboxStore store;

    @Inject
    private DocumentParsing documents;

    @Resource
    private SessionContext context;

    /**
     * What one batch did: the messages it took (all but those left for later are indexed for good),
     * and the id of the last one, after which the next batch of the same pass starts.
     */
    public record Batch(int taken, int indexed, long lastId) {
    }

    /**
     * Indexes up to {@link #BATCH} messages of the folder that the index does not hold yet and
     * whose ids come after {@code afterId} (fewer when they take longer than {@link #BATCH_TIME});
     * the index has them when this returns. A message whose attachments could not be read for now
     * (no parser to be had) is indexed with the text read but left marked not indexed, for a later
     * pass to read again.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Batch indexFolder(long folderId, long afterId) {
        List<MailMessage> pending = em.createQuery("select m from MailMessage m where m.folderId = :folder"
                        + " and m.textIndexed = false and m.uid is not null and m.id > :after order by m.id", MailMessage.class)
                .setParameter("folder", folderId).setParameter("after", afterId).setMaxResults(BATCH).getResultList();
        if (pending.isEmpty()) {
            return new Batch(0, 0, afterId);
        }
        SearchSession search = Search.session(em);
        search.indexingPlanSynchronizationStrategy(IndexingPlanSynchronizationStrategy.sync());
        long lastStart = System.nanoTime() + Math.min(BATCH_TIME.toNanos(),
                LAST_START_BEFORE_TIMEOUT.minus(documents.timeLimit()).toNanos());
        int taken = 0;
        int indexed = 0;
        long lastId = afterId;
        for (MailMessage message : pending) {
            if (taken > 0 && System.nanoTime() > lastStart) {
                break;
            }
            MessageText text = read(message);
            boolean complete = !text.cutForAWhile();
            message.indexWords(text.headers(), text.body(), complete);
            search.indexingPlan().addOrUpdate(message);
            taken++;
            indexed += complete ? 1 : 0;
            lastId = message.id();
        }
        // Written now, inside the transaction: an index that cannot be written rolls back the marks,
        // so no message is marked indexed without its document. Writing one twice is harmless.
        search.indexingPlan().execute();
        return new Batch(taken, indexed, lastId);
    }

    /**
     * Indexes every message of the folder the index does not hold yet, a batch per transaction,
     * in one pass by id: a message left for later is not taken again in it. Says how many it
     * indexed for good.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int indexAll(long folderId) {
        MessageIndex self = context.getBusinessObject(MessageIndex.class);
        int total = 0;
        Batch batch = new Batch(0, 0, 0);
        do {
            batch = self.indexFolder(folderId, batch.lastId());
            total += batch.indexed();
        } while (batch.taken() > 0); // a batch may end early, at its time budget
        return total;
    }

    /** Folders with messages the index does not hold yet: those a crash or a restart left behind. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Long> foldersBehind(int limit) {
        // The first pending rows' folders, without DISTINCT: after an upgrade millions of rows are
        // pending, and the index on the flag stops after a few of them.
        return em.createQuery("select m.folderId from MailMessage m where m.textIndexed = false and m.uid is not null",
                Long.class).setMaxResults(limit * BATCH).getResultList().stream().distinct().limit(limit).toList();
    }

    /**
     * The UIDs of the folder's messages with the words of {@code words} in one of the fields: all
     * but the last in that order, the last possibly the beginning of a longer word; text of an
     * unspaced script (Chinese, Japanese...) anywhere in a longer run ({@link SearchWords}). The
     * empty string matches every message, one of punctuation only none.
     */
    public Set<Long> find(long folderId, String words, List<Field> fields) {
        List<SearchWords.Word> terms = SearchWords.of(words);
        if (terms.isEmpty() && !words.isEmpty()) {
            return Set.of(); // only punctuation: the index holds no such word (an empty string is in every message)
        }
        SearchSession search = Search.session(em);
        List<Long> uids = search.search(MailMessage.class)
                .select(f -> f.field("uid", Long.class))
                .where(f -> f.bool()
                        .must(f.match().field("folder").matching(folderId))
                        .must(terms.isEmpty() ? f.matchAll() : anyField(f.extension(LuceneExtension.get()), terms, fields)))
                .fetchAllHits();
        return new HashSet<>(uids);
    }

    /**
     * Removes messages from the index, with the transaction that removes their rows: when it
     * commits, or, for a page of a folder's or an account's messages, at once, so that the index's
     * plan holds one page at most. Should the transaction then roll back, those messages are
     * missing from search results until their folder is rebuilt; a stale document, by contrast,
     * would never show (every hit is checked against the folder's rows).
     */
    public void forget(@Observes MessagesRemoved removed) {
        purge(removed.messageIds());
    }

    /**
     * Takes a folder's messages out of the index for an operator's rebuild: removes their documents
     * and marks them not indexed, in one transaction. Says how many messages wait to be indexed again.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int unindexFolder(long folderId) {
        store.messageIds(folderId, this::purge);
        return em.createQuery("update MailMessage m set m.textIndexed = false where m.folderId = :folder and m.uid is not null")
                .setParameter("folder", folderId).executeUpdate();
    }

    /** Purges documents when the transaction commits, or at once for a full page (the plan holds one page at most). */
    private void purge(List<Long> messageIds) {
        SearchSession search = Search.session(em);
        for (long id : messageIds) {
            search.indexingPlan().purge(MailMessage.class, id, null);
        }
        if (messageIds.size() >= MessagesRemoved.PAGE) {
            search.indexingPlan().execute();
        }
    }

    private static PredicateFinalStep anyField(LuceneSearchPredicateFactory f, List<SearchWords.Word> terms, List<Field> fields) {
        var any = f.bool();
        for (Field field : fields) {
            any.should(f.fromLuceneQuery(SearchWords.query(field.name, terms)));
        }
        return any;
    }

    private MessageText read(MailMessage message) {
        try {
            MessageStructure structure;
            if (message.structure() != null) {
                structure = MessageStructure.fromJson(message.structure());
            } else {
                try (InputStream in = blobs.open(message.blob())) {
                    structure = MessageStructure.parse(in);
                }
                message.describe(structure.toJson());
            }
            MessageText text;
            try (InputStream in = blobs.open(message.blob())) {
                text = MessageText.extract(in, structure, documents.forOneMessage());
            }
            if (text.cutForAWhile()) {
                LOG.info(() -> "Mailward indexes message " + message.uid() + " of folder " + message.folderId()
                        + " with part of its text for now, and again later: " + text.cutShortBy());
            } else if (text.cutShortBy() != null) {
                LOG.warning(() -> "Mailward indexes message " + message.uid() + " of folder " + message.folderId()
                        + " with part of its text: " + text.cutShortBy());
            }
            return text;
        } catch (IOException e) {
            // Its body cannot be read: index what its row knows, rather than retry it forever.
            LOG.warning(() -> "Mailward indexes message " + message.id() + " without its text: " + e);
            return new MessageText("", "");
        } catch (RuntimeException e) {
            // A body the parsers cannot read (or a blob that is gone) must not hold back its folder's other mail.
            LOG.warning(() -> "Mailward indexes message " + message.id() + " without its text: " + e);
            return new MessageText("", "");
        }
    }
}
