package org.mailward.mailbox.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One folder of one account, with the IMAP state that must survive everything: UIDVALIDITY,
 * the next UID and the highest modification sequence, plus running totals so that STATUS and
 * quota need no scan. Changes to a folder's messages lock its row, which serialises UID and
 * modseq allocation per folder.
 */
@Entity
@Table(name = "mail_folder")
public class MailFolder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "special_use")
    private SpecialUse specialUse;

    private boolean subscribed;

    @Column(name = "uid_validity")
    private long uidValidity;

    @Column(name = "uid_next")
    private long uidNext;

    @Column(name = "highest_modseq")
    private long highestModseq;

    @Column(name = "message_count")
    private int messageCount;

    @Column(name = "unseen_count")
    private int unseenCount;

    @Column(name = "size_bytes")
    private long sizeBytes;

    /**
     * The highest modseq whose expunge records were pruned. Only {@link ExpungeRecords} changes it,
     * by an update of this column alone: a folder saved whole by another transaction cannot set it back.
     */
    @Column(name = "expunges_pruned_to", insertable = false, updatable = false)
    private long expungesPrunedTo;

    protected MailFolder() {
    }

    MailFolder(long accountId, String name, SpecialUse specialUse, long uidValidity) {
        this.accountId = accountId;
        this.name = name;
        this.specialUse = specialUse;
        this.subscribed = true;
        this.uidValidity = uidValidity;
        this.uidNext = 1;
        this.highestModseq = 1;
    }

    public Long id() {
        return id;
    }

    public long accountId() {
        return accountId;
    }

    public String name() {
        return name;
    }

    public SpecialUse specialUse() {
        return specialUse;
    }

    /** Takes the next UID and a new modseq for a message arriving in this folder. */
    Allocation allocate() {
        Allocation allocation = new Allocation(uidNext, ++highestModseq);
        uidNext++;
        return allocation;
    }

    /** A new modseq for a change to messages already here. */
    long nextModseq() {
        return ++highestModseq;
    }

    void added(long size, boolean seen) {
        messageCount++;
        sizeBytes += size;
        if (!seen) {
            unseenCount++;
        }
    }

    void removed(long size, boolean seen) {
        messageCount--;
        sizeBytes -= size;
        if (!seen) {
            unseenCount--;
        }
    }

    void seenChanged(boolean nowSeen) {
        unseenCount += nowSeen ? -1 : 1;
    }

    void rename(String newName) {
        this.name = newName;
    }

    void subscribe(boolean subscribed) {
        this.subscribed = subscribed;
    }

    public FolderView view() {
        return new FolderView(id, name, specialUse, subscribed, uidValidity, uidNext, highestModseq,
                messageCount, unseenCount, sizeBytes);
    }

    record Allocation(long uid, long modseq) {
    }
}
