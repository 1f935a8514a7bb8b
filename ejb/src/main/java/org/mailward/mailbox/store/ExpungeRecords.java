package org.mailward.mailbox.store;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Prunes the records of old expunges ({@code mail_expunged}), a bounded batch per transaction.
 * The records a folder keeps are always all those above a modseq, which the folder remembers
 * ({@code expunges_pruned_to}): every record up to the newest one old enough goes, whatever its
 * own time, so the store knows exactly from which modseq on its answer is whole (ADR 0031).
 */
@Stateless
public class ExpungeRecords {

    /** Records deleted per transaction: a folder with millions of them never becomes one giant transaction. */
    static final int BATCH = 5_000;

    @PersistenceContext
    private EntityManager em;

    /** The folder with the oldest record expunged before {@code cutoff}, if any. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Long> oldestFolder(Instant cutoff) {
        return em.createQuery("select e.folderId from MailExpunged e where e.expungedAt < :cutoff order by e.expungedAt", Long.class)
                .setParameter("cutoff", cutoff).setMaxResults(1).getResultList().stream().findFirst();
    }

    /**
     * Deletes up to {@link #BATCH} of the folder's records, lowest modseq first, up to the newest one
     * expunged before {@code cutoff}, and raises the folder's mark to the highest modseq deleted.
     * Returns how many it deleted.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int pruneBatch(long folderId, Instant cutoff) {
        Long newestOld = em.createQuery("select max(e.modseq) from MailExpunged e where e.folderId = :folder and e.expungedAt < :cutoff",
                        Long.class)
                .setParameter("folder", folderId).setParameter("cutoff", cutoff).getSingleResult();
        if (newestOld == null) {
            return 0;
        }
        // The last record of this batch, in (modseq, uid) order: one expunge of many messages shares a modseq.
        List<Object[]> last = em.createQuery("select e.modseq, e.uid from MailExpunged e where e.folderId = :folder"
                        + " and e.modseq <= :upTo order by e.modseq, e.uid", Object[].class)
                .setParameter("folder", folderId).setParameter("upTo", newestOld)
                .setFirstResult(BATCH - 1).setMaxResults(1).getResultList();
        long modseq = last.isEmpty() ? newestOld : (Long) last.getFirst()[0];
        long uid = last.isEmpty() ? Long.MAX_VALUE : (Long) last.getFirst()[1];
        // The mark first: it locks the folder row, as every change to a folder does before anything else,
        // and readers that miss a record find the mark that says so (MailboxStore.expungedSince).
        // Native, naming its table: the attribute is not updatable through the entity, and the
        // second-level cache (accounts, domains) need not be cleared for a column it does not hold.
        em.createNativeQuery("update mail_folder set expunges_pruned_to = ?1 where id = ?2 and expunges_pruned_to < ?1")
                .setParameter(1, modseq).setParameter(2, folderId).setHint(MailboxStore.NATIVE_SPACES, "mail_folder").executeUpdate();
        return em.createQuery("delete from MailExpunged e where e.folderId = :folder"
                        + " and (e.modseq < :modseq or (e.modseq = :modseq and e.uid <= :uid))")
                .setParameter("folder", folderId).setParameter("modseq", modseq).setParameter("uid", uid).executeUpdate();
    }
}
