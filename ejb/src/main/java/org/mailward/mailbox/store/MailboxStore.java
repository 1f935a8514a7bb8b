package org.mailward.mailbox.store;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.mailward.connector.spi.mailbox.UidRanges;
import org.hibernate.jpa.HibernateHints;
import org.mailward.directory.UniqueNames;
import org.mailward.directory.account.Account;
import org.mailward.mailbox.blob.BlobId;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.blob.BlobStoreFailure;
import org.mailward.mailbox.structure.MessageStructure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The mailbox service IMAP, POP3, webmail and delivery share: folders with their IMAP state,
 * messages by UID, flag changes with modseq (and CONDSTORE's UNCHANGEDSINCE), append, copy, move,
 * expunge, and a change event for each. Every change to a folder's messages locks the folder row
 * first, so UIDs and modseqs are handed out in order. Callers pass the account they have already
 * authorised; this service only keeps each account inside its own folders.
 */
@Stateless
public class MailboxStore {

    private static final AtomicLong LAST_UID_VALIDITY = new AtomicLong();
    /** UIDs per query when messages are read by UID: lists of any length stay within the databases' parameter limits. */
    private static final int IN_LIST = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private BlobStore blobs;

    @Inject
    private Event<MailboxChange> changes;

    @Inject
    private Event<MessagesStaged> staged;

    @Inject
    private Event<MessagesRemoved> removals;

    @Inject
    private InboxFolders inboxes;

    /** What a new message got: the folder, its UID and modseq. */
    public record Stored(long folderId, long uid, long modseq) {
    }

    /** How {@link #store} combines the given flags with those a message has (IMAP STORE FLAGS, +FLAGS, -FLAGS). */
    public enum FlagMode { REPLACE, ADD, REMOVE }

    /**
     * The outcome of a flag change: the messages changed, with their new modseq, and those left
     * alone because they changed after {@code unchangedSince} (RFC 7162 MODIFIED).
     */
    public record FlagResult(List<MessageView> changed, List<Long> modified) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<FolderView> folders(Account account) {
        return em.createQuery("select f from MailFolder f where f.accountId = :account order by f.name", MailFolder.class)
                .setParameter("account", account.id()).getResultList().stream().map(MailFolder::view).toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public FolderView folder(Account account, String name) {
        return byName(account, name).map(MailFolder::view).orElseThrow(() -> missingFolder(name));
    }

    /** Gives a new account INBOX, Drafts, Sent, Junk, Trash and Archive (older ones got them in V004). */
    public void createDefaultFolders(Account account) {
        for (SpecialUse use : SpecialUse.values()) {
            em.persist(new MailFolder(account.id(), use.defaultName(), use, newUidValidity()));
        }
        em.flush();
    }

    public FolderView createFolder(Account account, String name) {
        return createFolder(account, name, null);
    }

    /**
     * A new folder with a special use (RFC 6154 CREATE-SPECIAL-USE), or none ({@code use} null).
     * An account has one folder of each use, so that "the Sent folder" means one folder.
     */
    public FolderView createFolder(Account account, String name, SpecialUse use) {
        String checked = FolderNames.check(name);
        if (byName(account, checked).isPresent()) {
            throw alreadyExists(checked);
        }
        if (use == SpecialUse.INBOX) {
            throw new MailboxException(MailboxException.Kind.SPECIAL_USE, "There is one INBOX");
        }
        if (use != null) {
            folders(account).stream().filter(folder -> folder.specialUse() == use).findFirst().ifPresent(folder -> {
                throw new MailboxException(MailboxException.Kind.SPECIAL_USE, "Folder " + folder.name() + " is already the "
                        + use.attribute() + " folder");
            });
        }
        MailFolder folder = new MailFolder(account.id(), checked, use, newUidValidity());
        UniqueNames.insert(em, folder, () -> alreadyExists(checked)); // created meanwhile by another session
        return folder.view();
    }

    /** Renames a folder and everything below it; INBOX and special-use folders keep their role. */
    public FolderView renameFolder(Account account, String from, String to) {
        MailFolder folder = byName(account, from).orElseThrow(() -> missingFolder(from));
        String checked = FolderNames.check(to);
        if (folder.specialUse() == SpecialUse.INBOX) {
            throw new MailboxException(MailboxException.Kind.INVALID, "INBOX cannot be renamed here");
        }
        if (checked.startsWith(folder.name() + FolderNames.DELIMITER)) {
            throw new MailboxException(MailboxException.Kind.INVALID, "A folder cannot move below itself");
        }
        if (byName(account, checked).isPresent()) {
            throw alreadyExists(checked);
        }
        List<MailFolder> children = children(account, folder.name());
        for (MailFolder child : children) {
            String renamed = checked + child.name().substring(folder.name().length());
            if (byName(account, renamed).isPresent()) {
                throw alreadyExists(renamed);
            }
        }
        for (MailFolder child : children) {
            child.rename(checked + child.name().substring(folder.name().length()));
        }
        folder.rename(checked);
        return folder.view();
    }

    /** Deletes a folder and its messages; INBOX stays, and so does a folder with folders below it (delete those first). */
    public void deleteFolder(Account account, String name) {
        MailFolder folder = locked(account, name);
        if (folder.specialUse() == SpecialUse.INBOX) {
            throw new MailboxException(MailboxException.Kind.INVALID, "INBOX cannot be deleted");
        }
        if (!children(account, folder.name()).isEmpty()) {
            throw new MailboxException(MailboxException.Kind.HAS_CHILDREN, "Folder " + folder.name() + " has subfolders; delete them first");
        }
        long size = folder.view().sizeBytes();
        messageIds(folder.id(), ids -> removals.fire(new MessagesRemoved(ids)));
        em.remove(folder); // messages and expunged rows go with it (ON DELETE CASCADE)
        em.flush();
        adjustUsage(account.id(), -size);
    }

    /** Deletes all folders of an account that is being deleted, with their messages, INBOX included. */
    public void deleteAllFolders(Account account) {
        for (long folderId : em.createQuery("select f.id from MailFolder f where f.accountId = :account", Long.class)
                .setParameter("account", account.id()).getResultList()) {
            messageIds(folderId, ids -> removals.fire(new MessagesRemoved(ids)));
        }
        // Messages and expunged rows go with their folders (ON DELETE CASCADE).
        em.createQuery("delete from MailFolder f where f.accountId = :account").setParameter("account", account.id()).executeUpdate();
    }

    /**
     * The ids of all the folder's messages, staged ones too, in pages of at most
     * {@link MessagesRemoved#PAGE}: read as one query, streamed, so that a folder of millions
     * never has its ids in memory at once.
     */
    public void messageIds(long folderId, Consumer<List<Long>> pages) {
        List<Long> page = new ArrayList<>();
        try (Stream<Long> ids = em.createQuery("select m.id from MailMessage m where m.folderId = :folder", Long.class)
                .setParameter("folder", folderId).setHint(HibernateHints.HINT_FETCH_SIZE, MessagesRemoved.PAGE).getResultStream()) {
            ids.forEach(id -> {
                page.add(id);
                if (page.size() == MessagesRemoved.PAGE) {
                    pages.accept(List.copyOf(page));
                    page.clear();
                }
            });
        }
        if (!page.isEmpty()) {
            pages.accept(List.copyOf(page));
        }
    }

    public void subscribe(Account account, String name, boolean subscribed) {
        byName(account, name).orElseThrow(() -> missingFolder(name)).subscribe(subscribed);
    }

    /** A page of a folder's messages, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> latest(Account account, String folderName, int offset, int limit) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        return em.createQuery("select " + MailMessage.VIEW_COLUMNS + " from MailMessage m where m.folderId = :folder"
                        + " and m.uid is not null order by m.uid desc", Object[].class)
                .setParameter("folder", folder.id()).setFirstResult(offset).setMaxResults(limit)
                .getResultList().stream().map(row -> MailMessage.stored(row).view()).toList();
    }

    /** Messages with UIDs in {@code [from, to]}, in UID order; with {@code changedSince} > 0 only those changed after it. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> range(Account account, String folderName, long from, long to, long changedSince) {
        return stored(account, folderName, from, to, changedSince).stream().map(StoredMessage::view).toList();
    }

    /** {@link #range}, with where each body is stored. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<StoredMessage> stored(Account account, String folderName, long from, long to, long changedSince) {
        // One query finds the folder and its messages: IMAP asks this at nearly every FETCH. The
        // modseq condition is there only when asked for: H2 plans a prepared query before it sees
        // its values, and with the condition it walks the folder's modseq index, not the UIDs.
        TypedQuery<Object[]> query = em.createQuery("select " + MailMessage.VIEW_COLUMNS + " from MailMessage m, MailFolder f"
                        + " where f.accountId = :account and f.name = :name and m.folderId = f.id and m.uid between :from and :to"
                        + (changedSince > 0 ? " and m.modseq > :since" : "") + " order by m.uid", Object[].class)
                .setParameter("account", account.id()).setParameter("name", folderKey(folderName))
                .setParameter("from", from).setParameter("to", to);
        if (changedSince > 0) {
            query.setParameter("since", changedSince);
        }
        List<StoredMessage> found = query.getResultList().stream().map(MailMessage::stored).toList();
        if (found.isEmpty() && byName(account, folderName).isEmpty()) {
            throw missingFolder(folderName);
        }
        return found;
    }

    /** A folder's UIDs in order, and the first unseen one (0 if none): what numbering its messages needs. */
    public record Numbering(long[] uids, long firstUnseen) {
    }

    /** The folder's numbering, read as two columns: an IMAP SELECT of a large folder loads no message rows. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Numbering numbering(Account account, String folderName) {
        List<Object[]> rows = uidsWith(account, folderName, "flags");
        long[] uids = new long[rows.size()];
        long firstUnseen = 0;
        for (int i = 0; i < uids.length; i++) {
            uids[i] = (Long) rows.get(i)[0];
            if (firstUnseen == 0 && !MessageFlag.of((Integer) rows.get(i)[1]).contains(MessageFlag.SEEN)) {
                firstUnseen = uids[i];
            }
        }
        return new Numbering(uids, firstUnseen);
    }

    /** A folder's UIDs in order, with each message's size in octets. */
    public record Sizes(long[] uids, long[] sizes) {
    }

    /** The folder's UIDs and sizes, read as two columns: a POP3 login to a large INBOX loads no message rows. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Sizes sizes(Account account, String folderName) {
        List<Object[]> rows = uidsWith(account, folderName, "sizeBytes");
        long[] uids = new long[rows.size()];
        long[] sizes = new long[rows.size()];
        for (int i = 0; i < uids.length; i++) {
            uids[i] = (Long) rows.get(i)[0];
            sizes[i] = (Long) rows.get(i)[1];
        }
        return new Sizes(uids, sizes);
    }

    /** Each message's UID and one more of its fields (a constant name), in UID order, as rows of two columns. */
    private List<Object[]> uidsWith(Account account, String folderName, String field) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        return em.createQuery("select m.uid, m." + field + " from MailMessage m where m.folderId = :folder"
                        + " and m.uid is not null order by m.uid", Object[].class)
                .setParameter("folder", folder.id()).getResultList();
    }

    /** The messages with these UIDs, in UID order; unknown UIDs are skipped. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageView> messages(Account account, String folderName, Collection<Long> uids) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        List<MessageView> views = new ArrayList<>(uids.size());
        eachMessage(folder, uids, message -> views.add(message.view()));
        return views;
    }

    /** The messages with these UIDs, in UID order, read {@link #IN_LIST} at a time. */
    private void eachMessage(MailFolder folder, Collection<Long> uids, Consumer<MailMessage> action) {
        List<Long> sorted = uids.stream().sorted().toList();
        for (int from = 0; from < sorted.size(); from += IN_LIST) {
            messages(folder, sorted.subList(from, Math.min(sorted.size(), from + IN_LIST))).forEach(action);
        }
    }

    /**
     * The UIDs expunged from a folder after a modseq (QRESYNC's VANISHED).
     *
     * @param exact false when the records since the modseq were pruned: {@code uids} is then every UID
     *              below UIDNEXT that the folder no longer has, which holds those expunged and more
     */
    public record ExpungedUids(UidRanges uids, boolean exact) {
    }

    /** UIDs present are read this many at a time when the expunges must be worked out from them. */
    private static final int PRESENT_PAGE = 10_000;

    /**
     * The UIDs expunged from the folder after {@code modseq}: exactly, from the records, when they go
     * back that far; otherwise every UID below UIDNEXT that the folder no longer has.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ExpungedUids expungedSince(Account account, String folderName, long modseq) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        long uidNext = folder.view().uidNext(); // read first: every UID below it was given out already
        List<Long> recorded = em.createQuery("select e.uid from MailExpunged e where e.folderId = :folder and e.modseq > :since"
                        + " order by e.uid", Long.class)
                .setParameter("folder", folder.id()).setParameter("since", modseq).getResultList();
        // Read after the records: a pruning that removed some of them has committed its mark with them.
        long prunedTo = em.createQuery("select f.expungesPrunedTo from MailFolder f where f.id = :folder", Long.class)
                .setParameter("folder", folder.id()).getSingleResult();
        if (modseq >= prunedTo) {
            return new ExpungedUids(UidRanges.of(recorded), true);
        }
        UidRanges.Missing missing = new UidRanges.Missing(uidNext - 1);
        List<Long> page;
        long after = 0;
        do {
            page = em.createQuery("select m.uid from MailMessage m where m.folderId = :folder and m.uid > :after and m.uid < :next"
                            + " order by m.uid", Long.class)
                    .setParameter("folder", folder.id()).setParameter("after", after).setParameter("next", uidNext)
                    .setMaxResults(PRESENT_PAGE).getResultList();
            page.forEach(missing::present);
            after = page.isEmpty() ? after : page.getLast();
        } while (page.size() == PRESENT_PAGE);
        return new ExpungedUids(missing.build(), false);
    }

    /** The raw message as stored (RFC 5322, CRLF line ends); the caller closes the stream. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public InputStream content(Account account, String folderName, long uid) {
        Object[] blob = em.createQuery("select m.blobDomain, m.blobHash from MailMessage m, MailFolder f where f.accountId = :account"
                        + " and f.name = :name and m.folderId = f.id and m.uid = :uid", Object[].class)
                .setParameter("account", account.id()).setParameter("name", folderKey(folderName)).setParameter("uid", uid)
                .getResultList().stream().findFirst().orElseThrow(
                        () -> new MailboxException(MailboxException.Kind.NOT_FOUND, "No message " + uid + " in " + folderName));
        try {
            return blobs.open(new BlobId((String) blob[0], (String) blob[1]));
        } catch (IOException e) {
            throw new BlobStoreFailure("Cannot read message " + uid + " of " + folderName, e);
        }
    }

    /**
     * The MIME structures (MessageStructure JSON) of the messages with the given UIDs, by UID. A
     * delivered message gets its structure here, at the first request, read from its body once and
     * kept; an appended or copied one has it already.
     */
    public Map<Long, String> structures(Account account, String folderName, Collection<Long> uids) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        Map<Long, String> structures = new HashMap<>();
        for (MailMessage message : messages(folder, uids)) {
            if (message.structure() == null) {
                try (InputStream in = blobs.open(message.blob())) {
                    message.describe(MessageStructure.parse(in).toJson());
                } catch (IOException e) {
                    throw new BlobStoreFailure("Cannot read message " + message.uid() + " of " + folderName, e);
                }
            }
            structures.put(message.uid(), message.structure());
        }
        return structures;
    }

    /**
     * The References fields of the messages with these UIDs, by UID ("" for none), for messages
     * stored before the field was kept: read from their bodies once and kept (ADR 0024).
     */
    public Map<Long, String> references(Account account, String folderName, Collection<Long> uids) {
        MailFolder folder = byName(account, folderName).orElseThrow(() -> missingFolder(folderName));
        Map<Long, String> references = new HashMap<>();
        eachMessage(folder, uids, message -> {
            if (message.references() == null) {
                try (InputStream in = blobs.open(message.blob())) {
                    message.keepReferences(MessageSummaries.references(HeaderBlock.read(in)));
                } catch (IOException e) {
                    throw new BlobStoreFailure("Cannot read message " + message.uid() + " of " + folderName, e);
                }
            }
            references.put(message.uid(), message.references());
        });
        return references;
    }

    /**
     * Delivery: puts an already stored body into the account's INBOX, staged, without a UID. It
     * takes no lock on the folder, so deliveries to one mailbox do not queue behind one another's
     * two-phase commits; {@link #assignStaged} gives it its UID, modseq, place in the folder's
     * counts and in the quota right after this transaction commits ({@link StagedArrivals}), in
     * the order the folder lock hands out. Until then no listing shows it. Quota is the caller's
     * decision (it knows whether to bounce).
     */
    public void deliver(Account account, BlobId blob, long size, MessageSummary summary, Instant receivedAt) {
        long inbox = inboxes.id(account.id(), () -> byName(account, SpecialUse.INBOX.defaultName()).orElseThrow().id());
        BlobId local = share(blob, account.domain().name());
        // No MIME structure yet: it is read at the first FETCH that needs it (ADR 0019), off the SMTP path.
        em.persist(new MailMessage(inbox, null, local, size, receivedAt, EnumSet.noneOf(MessageFlag.class), Set.of(), summary,
                null));
        staged.fire(new MessagesStaged(inbox));
    }

    /**
     * Gives the folder's staged messages their UIDs and modseqs in the order they were staged,
     * counts them in the folder and the quota, and announces them. In its own short transaction,
     * so the folder lock is held only for this. Returns how many it placed.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int assignStaged(long folderId) {
        MailFolder folder = em.find(MailFolder.class, folderId, LockModeType.PESSIMISTIC_WRITE);
        if (folder == null) {
            return 0; // deleted meanwhile, with its messages
        }
        List<MailMessage> waiting = em.createQuery(
                        "select m from MailMessage m where m.folderId = :folder and m.uid is null order by m.id", MailMessage.class)
                .setParameter("folder", folderId).getResultList();
        if (waiting.isEmpty()) {
            return 0;
        }
        long total = 0;
        List<Long> uids = new ArrayList<>();
        for (MailMessage message : waiting) {
            message.assign(folder.allocate());
            folder.added(message.size(), message.seen());
            total += message.size();
            uids.add(message.uid());
        }
        adjustUsage(folder.accountId(), total);
        changes.fire(new MailboxChange(folder.accountId(), folderId, MailboxChange.Kind.ADDED, uids, folder.view().highestModseq()));
        return waiting.size();
    }

    /** Folders with messages staged longer than {@code age}: their assignment did not run (a crash). */
    public List<Long> foldersWithStaleStagedMessages(Duration age) {
        return em.createQuery("select distinct m.folderId from MailMessage m where m.uid is null and m.internalDate < :before", Long.class)
                .setParameter("before", Instant.now().minus(age)).getResultList();
    }

    /**
     * IMAP APPEND and webmail drafts: stores the body and adds it to the folder. Quota is checked
     * against {@code size} before anything is written, and the body is written before the folder
     * is locked, so a large append holds up no delivery to the folder.
     */
    public Stored append(Account account, String folderName, InputStream content, long size, MessageSummary summary,
                         String structure, Set<MessageFlag> flags, Set<String> keywords, Instant internalDate) {
        keywords.forEach(MailboxStore::checkKeyword);
        if (!allows(account, size)) {
            throw new MailboxException(MailboxException.Kind.OVER_QUOTA, "Quota exceeded");
        }
        if (byName(account, folderName).isEmpty()) {
            throw missingFolder(folderName);
        }
        BlobStore.Stored stored;
        try {
            stored = blobs.put(account.domain().name(), content);
        } catch (IOException e) {
            throw new BlobStoreFailure("Cannot store a message for " + folderName, e);
        }
        return add(account, locked(account, folderName), stored.id(), stored.size(), summary, structure, truncate(internalDate),
                flags, keywords);
    }

    /**
     * Changes flags of the messages with the given UIDs; an unknown UID is skipped, as IMAP asks.
     * A message changed after {@code unchangedSince} is left alone and listed as modified; a
     * negative {@code unchangedSince} lets every message change. UNCHANGEDSINCE 0 leaves them all
     * alone, as every message has a modseq (RFC 7162 section 3.1.3).
     */
    public FlagResult store(Account account, String folderName, Collection<Long> uids, FlagMode mode,
                            Set<MessageFlag> flags, Set<String> keywords, long unchangedSince) {
        keywords.forEach(MailboxStore::checkKeyword);
        MailFolder folder = locked(account, folderName);
        List<MessageView> changed = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        long modseq = 0;
        for (MailMessage message : messages(folder, uids)) {
            if (unchangedSince >= 0 && message.modseq() > unchangedSince) {
                modified.add(message.uid());
                continue;
            }
            Set<MessageFlag> newFlags = combine(message.flags(), flags, mode, EnumSet.noneOf(MessageFlag.class));
            Set<String> newKeywords = combine(message.keywords(), keywords, mode, new LinkedHashSet<>());
            if (!message.differsFrom(newFlags, newKeywords)) {
                continue; // nothing changes, so no new modseq (RFC 7162)
            }
            boolean wasSeen = message.seen();
            if (modseq == 0) {
                modseq = folder.nextModseq();
            }
            message.change(newFlags, newKeywords, modseq);
            if (wasSeen != message.seen()) {
                folder.seenChanged(message.seen());
            }
            changed.add(message.view());
        }
        if (!changed.isEmpty()) {
            changes.fire(new MailboxChange(account.id(), folder.id(), MailboxChange.Kind.FLAGS,
                    changed.stream().map(MessageView::uid).toList(), folder.view().highestModseq()));
        }
        return new FlagResult(changed, modified);
    }

    /** Copies messages into another folder of the account; returns the pairs of source and new UIDs (UIDPLUS). */
    public List<long[]> copy(Account account, String from, Collection<Long> uids, String to) {
        MailFolder[] folders = lockedInOrder(account, from, to);
        List<MailMessage> messages = messages(folders[0], uids);
        long total = messages.stream().mapToLong(MailMessage::size).sum();
        if (!allows(account, total)) {
            throw new MailboxException(MailboxException.Kind.OVER_QUOTA, "Quota exceeded");
        }
        List<long[]> pairs = transfer(account, messages, folders[1]);
        adjustUsage(account.id(), total);
        return pairs;
    }

    /**
     * Moves messages (RFC 6851): added to the target and removed from the source in one
     * transaction. Nothing is added to the mailbox as a whole, so quota neither refuses a move
     * nor changes; both folders are locked first, so the messages cannot go meanwhile.
     */
    public List<long[]> move(Account account, String from, Collection<Long> uids, String to) {
        MailFolder[] folders = lockedInOrder(account, from, to);
        List<MailMessage> messages = messages(folders[0], uids);
        List<long[]> pairs = transfer(account, messages, folders[1]);
        remove(account, folders[0], messages, false);
        return pairs;
    }

    /** Adds copies of the messages to the target; answers the UIDPLUS pairs (source UID, new UID). */
    private List<long[]> transfer(Account account, List<MailMessage> messages, MailFolder target) {
        List<long[]> pairs = new ArrayList<>();
        List<Long> added = new ArrayList<>();
        for (MailMessage message : messages) {
            MailMessage copy = message.copyTo(target, target.allocate());
            em.persist(copy);
            target.added(copy.size(), copy.seen());
            pairs.add(new long[] {message.uid(), copy.uid()});
            added.add(copy.uid());
        }
        if (!added.isEmpty()) {
            changes.fire(new MailboxChange(account.id(), target.id(), MailboxChange.Kind.ADDED, added, target.view().highestModseq()));
        }
        return pairs;
    }

    /**
     * Both folders, {source, target}, locked in the order of their ids: every change locks its
     * folders before the account row (the quota), and several folders always in this order, so
     * two transfers, or a transfer and a delivery, never wait for each other in a circle.
     */
    private MailFolder[] lockedInOrder(Account account, String from, String to) {
        MailFolder source = byName(account, from).orElseThrow(() -> missingFolder(from));
        MailFolder target = byName(account, to).orElseThrow(() -> missingFolder(to));
        boolean sourceFirst = source.id() <= target.id();
        locked(account, (sourceFirst ? source : target).name());
        locked(account, (sourceFirst ? target : source).name());
        return new MailFolder[] {source, target};
    }

    /**
     * IMAP EXPUNGE, CLOSE and UID EXPUNGE: removes the messages flagged \Deleted, among
     * {@code uids} when given (null means the whole folder). Returns the UIDs removed.
     */
    public List<Long> expunge(Account account, String folderName, Collection<Long> uids) {
        MailFolder folder = locked(account, folderName);
        List<MailMessage> candidates = uids == null
                ? em.createQuery("select m from MailMessage m where m.folderId = :folder and m.uid is not null order by m.uid", MailMessage.class)
                    .setParameter("folder", folder.id()).getResultList()
                : messages(folder, uids);
        return remove(account, folder, candidates.stream().filter(message -> message.flags().contains(MessageFlag.DELETED)).toList(), true);
    }

    /** Removes the messages with these UIDs for good, flagged or not (webmail's delete, MOVE). */
    public List<Long> remove(Account account, String folderName, Collection<Long> uids) {
        MailFolder folder = locked(account, folderName);
        return remove(account, folder, messages(folder, uids), true);
    }

    /** @param freesQuota false when the messages stay in the mailbox (a move) */
    private List<Long> remove(Account account, MailFolder folder, List<MailMessage> doomed, boolean freesQuota) {
        if (doomed.isEmpty()) {
            return List.of();
        }
        long modseq = folder.nextModseq();
        Instant now = Instant.now();
        long freed = 0;
        List<Long> removed = new ArrayList<>();
        removals.fire(new MessagesRemoved(doomed.stream().map(MailMessage::id).toList()));
        for (MailMessage message : doomed) {
            em.remove(message);
            em.persist(new MailExpunged(folder.id(), message.uid(), modseq, now));
            folder.removed(message.size(), message.seen());
            freed += message.size();
            removed.add(message.uid());
        }
        if (freesQuota) {
            adjustUsage(account.id(), -freed);
        }
        changes.fire(new MailboxChange(account.id(), folder.id(), MailboxChange.Kind.EXPUNGED, removed, modseq));
        return removed;
    }

    /** Whether {@code size} more bytes fit in the account's quota and its domain's disk limit. */
    public boolean allows(Account account, long size) {
        return Quota.allows(account, size, () -> usedBytes(account), () -> domainUsage(account));
    }

    /** Whether the account or its domain is already full: new mail cannot be taken at all. */
    public boolean full(Account account) {
        return !allows(account, 1);
    }

    // account.used_bytes is the mail store's, outside the Account entity (which lives in the
    // second-level cache): native statements naming a query space of their own, so that neither
    // flushes the session first nor evicts cached accounts.
    private static final String USAGE_SPACE = "account_usage";
    static final String NATIVE_SPACES = "org.hibernate.query.native.spaces"; // HibernateHints.HINT_NATIVE_SPACES

    /** The bytes the account's messages take. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long usedBytes(Account account) {
        return ((Number) em.createNativeQuery("select used_bytes from account where id = ?1")
                .setParameter(1, account.id()).setHint(NATIVE_SPACES, USAGE_SPACE)
                .getSingleResult()).longValue();
    }

    /** The bytes every account of the account's domain uses. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long domainUsage(Account account) {
        return ((Number) em.createNativeQuery("select coalesce(sum(used_bytes), 0) from account where domain_id = ?1")
                .setParameter(1, account.domain().id()).setHint(NATIVE_SPACES, USAGE_SPACE)
                .getSingleResult()).longValue();
    }

    private Stored add(Account account, MailFolder folder, BlobId blob, long size, MessageSummary summary, String structure,
                       Instant internalDate, Set<MessageFlag> flags, Set<String> keywords) {
        MailFolder.Allocation allocation = folder.allocate();
        MailMessage message = new MailMessage(folder.id(), allocation, blob, size, internalDate, flags, keywords, summary,
                structure);
        em.persist(message);
        folder.added(size, message.seen());
        adjustUsage(account.id(), size);
        changes.fire(new MailboxChange(account.id(), folder.id(), MailboxChange.Kind.ADDED, List.of(allocation.uid()), allocation.modseq()));
        return new Stored(folder.id(), allocation.uid(), allocation.modseq());
    }

    private void adjustUsage(long accountId, long delta) {
        if (delta != 0) {
            em.createNativeQuery("update account set used_bytes = used_bytes + ?1 where id = ?2")
                    .setParameter(1, delta).setParameter(2, accountId).setHint(NATIVE_SPACES, USAGE_SPACE).executeUpdate();
        }
    }

    private BlobId share(BlobId blob, String domain) {
        try {
            return blobs.share(blob, domain);
        } catch (IOException e) {
            throw new BlobStoreFailure("Cannot link a message into the blobs of " + domain, e);
        }
    }

    /** INBOX matches in any case (RFC 3501 section 5.1). */
    private Optional<MailFolder> byName(Account account, String name) {
        return byName(account, name, LockModeType.NONE);
    }

    private Optional<MailFolder> byName(Account account, String name, LockModeType lock) {
        return em.createQuery("select f from MailFolder f where f.accountId = :account and f.name = :name", MailFolder.class)
                .setParameter("account", account.id()).setParameter("name", folderKey(name)).setLockMode(lock)
                .getResultList().stream().findFirst();
    }

    /** A folder's name as stored: INBOX in any case is INBOX. */
    private static String folderKey(String name) {
        return name.equalsIgnoreCase(SpecialUse.INBOX.defaultName()) ? SpecialUse.INBOX.defaultName() : name;
    }

    /** The folder with its row locked until the transaction ends, as the database has it now. */
    private MailFolder locked(Account account, String name) {
        return tryLock(account, name).orElseThrow(() -> missingFolder(name));
    }

    private Optional<MailFolder> tryLock(Account account, String name) {
        Optional<MailFolder> folder = byName(account, name, LockModeType.PESSIMISTIC_WRITE);
        // Read before the lock in this transaction, the entity may be stale: take the locked row's state.
        folder.ifPresent(em::refresh);
        return folder;
    }

    private List<MailFolder> children(Account account, String parent) {
        String prefix = parent + FolderNames.DELIMITER;
        return em.createQuery("select f from MailFolder f where f.accountId = :account and f.name like :prefix escape '!'", MailFolder.class)
                .setParameter("account", account.id())
                .setParameter("prefix", prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%")
                .getResultList();
    }

    private List<MailMessage> messages(MailFolder folder, Collection<Long> uids) {
        if (uids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select m from MailMessage m where m.folderId = :folder and m.uid in :uids order by m.uid", MailMessage.class)
                .setParameter("folder", folder.id()).setParameter("uids", uids).getResultList();
    }

    private static <T> Set<T> combine(Set<T> current, Set<T> given, FlagMode mode, Set<T> result) {
        switch (mode) {
            case REPLACE -> result.addAll(given);
            case ADD -> {
                result.addAll(current);
                result.addAll(given);
            }
            case REMOVE -> {
                result.addAll(current);
                result.removeAll(given);
            }
        }
        return result;
    }

    // RFC 9051 flag-keyword: an atom; stored space-separated, so a space must never get in.
    private static void checkKeyword(String keyword) {
        if (keyword.isEmpty() || keyword.length() > 100 || keyword.startsWith("\\")
                || keyword.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F || "(){%*\"\\]".indexOf(c) >= 0)) {
            throw new MailboxException(MailboxException.Kind.INVALID, "'" + keyword + "' is not a keyword");
        }
    }

    private static MailboxException alreadyExists(String name) {
        return new MailboxException(MailboxException.Kind.ALREADY_EXISTS, "Folder " + name + " already exists");
    }

    private static MailboxException missingFolder(String name) {
        return new MailboxException(MailboxException.Kind.NOT_FOUND, "No folder " + name);
    }

    // RFC 3501 section 2.3.1.1: a 32-bit number that changes whenever a folder's UIDs may be reused.
    /** The time in seconds, but never the same twice: a folder deleted and made again within a second still gets a new one. */
    private static long newUidValidity() {
        long now = Instant.now().getEpochSecond() & 0xFFFF_FFFFL;
        return LAST_UID_VALIDITY.updateAndGet(last -> Math.max(now, last + 1));
    }

    private static Instant truncate(Instant instant) {
        return (instant == null ? Instant.now() : instant).truncatedTo(ChronoUnit.MICROS);
    }
}
