package org.mailward.mailbox.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Searchable;
import org.hibernate.search.mapper.pojo.automaticindexing.ReindexOnUpdate;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.IndexingDependency;
import org.mailward.mailbox.blob.BlobId;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One message in one folder: its UID there, flags, modseq, and where its body is. Its words are in
 * the full-text index (ADR 0022), written only by {@link org.mailward.mailbox.search.MessageIndex}:
 * flags and keywords are searched on the rows, so a flag change never touches the index.
 */
@Entity
@Table(name = "mail_message")
// Only changed columns are written: marking a message indexed, or keeping its structure, never
// writes back flags that a concurrent STORE changed meanwhile.
@DynamicUpdate
@Indexed(index = "mail_message")
public class MailMessage {

    private static final String WORDS = "mail_words";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "folder_id", nullable = false)
    @GenericField(name = "folder", projectable = Projectable.NO)
    private long folderId;

    @GenericField(projectable = Projectable.YES, searchable = Searchable.NO)
    private Long uid; // null while staged, see MailboxStore#deliver
    private long modseq;
    private int flags;

    @Column(nullable = false)
    private String keywords;

    @Column(name = "internal_date", nullable = false)
    private Instant internalDate;

    @Column(name = "size_bytes")
    private long sizeBytes;

    @Column(name = "blob_domain", nullable = false)
    private String blobDomain;

    @Column(name = "blob_hash", nullable = false)
    private String blobHash;

    @FullTextField(analyzer = WORDS)
    private String subject;

    @Column(name = "from_address")
    @FullTextField(name = "from", analyzer = WORDS)
    private String fromAddress;

    @Column(name = "to_addresses")
    @FullTextField(name = "to", analyzer = WORDS)
    private String toAddresses;

    @Column(name = "cc_addresses")
    @FullTextField(name = "cc", analyzer = WORDS)
    private String ccAddresses;

    @Column(name = "sent_date")
    private Instant sentDate;

    @Column(name = "message_id")
    private String messageId;

    @Column(name = "in_reply_to")
    private String inReplyTo;

    /** The References field; null for mail stored before V010, read from the body at the first THREAD that needs it. */
    @Column(name = "reference_ids")
    private String references;

    /** Its MIME structure as JSON (MessageStructure), null until a delivered message's first FETCH that needs it. */
    private String structure;

    /** Whether its words are in the full-text index; copies start without, and are indexed in their own right. */
    @Column(name = "text_indexed", nullable = false)
    private boolean textIndexed;

    /** The words of its header fields and of its body, set only while the message is being indexed. */
    @Transient
    @FullTextField(name = "headers", analyzer = WORDS)
    @IndexingDependency(reindexOnUpdate = ReindexOnUpdate.NO)
    private String headerWords;

    @Transient
    @FullTextField(name = "body", analyzer = WORDS)
    @IndexingDependency(reindexOnUpdate = ReindexOnUpdate.NO)
    private String bodyWords;

    protected MailMessage() {
    }

    /** A message in the folder with its UID and modseq, or staged (both unset) when {@code allocation} is null. */
    MailMessage(long folderId, MailFolder.Allocation allocation, BlobId blob, long size, Instant internalDate,
                Set<MessageFlag> flags, Set<String> keywords, MessageSummary summary, String structure) {
        this.structure = structure;
        this.folderId = folderId;
        if (allocation != null) {
            assign(allocation);
        }
        this.flags = MessageFlag.bits(flags);
        this.keywords = String.join(" ", keywords);
        this.internalDate = internalDate;
        this.sizeBytes = size;
        this.blobDomain = blob.domain();
        this.blobHash = blob.hash();
        this.subject = summary.subject();
        this.fromAddress = summary.from();
        this.toAddresses = summary.to();
        this.ccAddresses = summary.cc();
        this.sentDate = summary.sentDate();
        this.messageId = summary.messageId();
        this.inReplyTo = summary.inReplyTo();
        this.references = summary.references();
    }

    /** The same message in another folder (COPY, MOVE): same body, flags and summary, new UID. */
    MailMessage copyTo(MailFolder target, MailFolder.Allocation allocation) {
        return new MailMessage(target.id(), allocation, blob(), sizeBytes, internalDate, flags(), keywords(), summary(), structure);
    }

    /** Gives a staged message its place in the folder. */
    void assign(MailFolder.Allocation allocation) {
        this.uid = allocation.uid();
        this.modseq = allocation.modseq();
    }

    public long uid() {
        return uid;
    }

    public long folderId() {
        return folderId;
    }

    public long modseq() {
        return modseq;
    }

    public long size() {
        return sizeBytes;
    }

    public BlobId blob() {
        return new BlobId(blobDomain, blobHash);
    }

    public Set<MessageFlag> flags() {
        return MessageFlag.of(flags);
    }

    public Set<String> keywords() {
        return keywordSet(keywords);
    }

    private static Set<String> keywordSet(String keywords) {
        return keywords.isEmpty() ? new LinkedHashSet<>()
                : Arrays.stream(keywords.split(" ")).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    boolean seen() {
        return flags().contains(MessageFlag.SEEN);
    }

    /** Whether these flags and keywords would change the message. */
    boolean differsFrom(Set<MessageFlag> newFlags, Set<String> newKeywords) {
        return MessageFlag.bits(newFlags) != flags || !String.join(" ", newKeywords).equals(keywords);
    }

    /** Sets flags and keywords, with the modseq of the change. */
    void change(Set<MessageFlag> newFlags, Set<String> newKeywords, long newModseq) {
        flags = MessageFlag.bits(newFlags);
        keywords = String.join(" ", newKeywords);
        modseq = newModseq;
    }

    public String structure() {
        return structure;
    }

    /** Keeps the References field read from the body of a message stored without it ("" for none). */
    public void keepReferences(String value) {
        this.references = value;
    }

    public String references() {
        return references;
    }

    public long id() {
        return id;
    }

    /**
     * Hands the index the message's words; the index writes them with the message's row. Words
     * that are not {@code complete} (part of its text could not be read for now) leave the row to be
     * indexed again.
     */
    public void indexWords(String headers, String body, boolean complete) {
        this.headerWords = headers;
        this.bodyWords = body;
        this.textIndexed = complete;
    }

    /** Keeps the structure read from the body at the first FETCH, or the indexing, that needed it. */
    public void describe(String structureJson) {
        this.structure = structureJson;
    }

    MessageSummary summary() {
        return new MessageSummary(subject, fromAddress, toAddresses, ccAddresses, sentDate, messageId, inReplyTo, references);
    }

    public MessageView view() {
        return new MessageView(uid, modseq, flags(), keywords(), internalDate, sizeBytes, summary());
    }

    /**
     * The columns a {@link StoredMessage} needs, of a message aliased {@code m}: selecting these
     * instead of the entity loads no structure (a large object) and keeps nothing in the session,
     * which is most of the cost of the listings IMAP asks at nearly every command.
     */
    static final String VIEW_COLUMNS = "m.uid, m.modseq, m.flags, m.keywords, m.internalDate, m.sizeBytes, m.subject,"
            + " m.fromAddress, m.toAddresses, m.ccAddresses, m.sentDate, m.messageId, m.inReplyTo, m.references, m.blobDomain, m.blobHash";

    /** The message of a row of {@link #VIEW_COLUMNS}. */
    static StoredMessage stored(Object[] row) {
        return new StoredMessage(new MessageView((Long) row[0], (Long) row[1], MessageFlag.of((Integer) row[2]), keywordSet((String) row[3]),
                (Instant) row[4], (Long) row[5], new MessageSummary((String) row[6], (String) row[7], (String) row[8],
                (String) row[9], (Instant) row[10], (String) row[11], (String) row[12], (String) row[13])),
                new BlobId((String) row[14], (String) row[15]));
    }
}
