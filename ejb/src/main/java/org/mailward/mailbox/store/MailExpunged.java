package org.mailward.mailbox.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** A UID expunged from a folder, and the modseq of its expunge, for QRESYNC (RFC 7162 VANISHED). */
@Entity
@Table(name = "mail_expunged")
@IdClass(MailExpunged.Key.class)
public class MailExpunged {

    @Id
    @Column(name = "folder_id")
    private long folderId;

    @Id
    private long uid;

    private long modseq;

    /** When it was expunged: the record is pruned after imap.expunged-retention-days ({@link ExpungeRecords}). */
    @Column(name = "expunged_at")
    private Instant expungedAt;

    protected MailExpunged() {
    }

    MailExpunged(long folderId, long uid, long modseq, Instant expungedAt) {
        this.folderId = folderId;
        this.uid = uid;
        this.modseq = modseq;
        this.expungedAt = expungedAt;
    }

    public record Key(long folderId, long uid) implements Serializable {
        public Key() {
            this(0, 0);
        }
    }
}
