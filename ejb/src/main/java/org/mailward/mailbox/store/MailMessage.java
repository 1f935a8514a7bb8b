package org.mailward.mailbox.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.mailward.mailbox.blob.BlobId;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** One message in one folder: its UID there, flags, modseq, and where its body is. */
@Entity
@Table(name = "mail_message")
public class MailMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "folder_id", nullable = false)
    private long folderId;

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

    private String subject;

    @Column(name = "from_address")
    private String fromAddress;

    @Column(name = "to_addresses")
    private String toAddresses;

    @Column(name = "cc_addresses")
    private String ccAddresses;

    @Column(name = "sent_date")
    private Instant sentDate;

    @Column(name = "message_id")
    private String messageId;

    @Column(name = "in_reply_to")
    private String inReplyTo;

    /** Its MIME structure as JSON (MessageStructure), null until a delivered message's first FETCH that needs it. */
    private String structure;

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

    String structure() {
        return structure;
    }

    /** Keeps the structure read from the body at the first FETCH that needed it. */
    void describe(String structureJson) {
        this.structure = structureJson;
    }

    MessageSummary summary() {
        return new MessageSummary(subject, fromAddress, toAddresses, ccAddresses, sentDate, messageId, inReplyTo);
    }

    public MessageView view() {
        return new MessageView(uid, modseq, flags(), keywords(), internalDate, sizeBytes, summary());
    }
}
