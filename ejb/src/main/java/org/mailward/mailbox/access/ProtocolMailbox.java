package org.mailward.mailbox.access;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderEntry;
import org.mailward.connector.spi.mailbox.FlagsStored;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.Maildrop;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.MessageShape;
import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.connector.spi.mailbox.SelectedFolder;
import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.connector.spi.mailbox.ThreadAlgorithm;
import org.mailward.connector.spi.mailbox.ThreadNode;
import org.mailward.connector.spi.mailbox.StorageQuota;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.Account;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SettingsService;
import org.mailward.mailbox.blob.BlobStore;
import org.mailward.mailbox.search.MessageIndex;
import org.mailward.mailbox.sort.MessageOrder;
import org.mailward.mailbox.sort.MessageThreads;
import org.mailward.mailbox.store.FolderView;
import org.mailward.mailbox.store.MailboxException;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageFlag;
import org.mailward.mailbox.store.MessageView;
import org.mailward.mailbox.store.Quota;
import org.mailward.mailbox.store.SpecialUse;
import org.mailward.mailbox.store.StoredMessage;

import org.mailward.connector.spi.mailbox.Transferred;
import org.mailward.connector.spi.smtp.MessageContent;
import org.mailward.mailbox.store.MessageSummaries;
import org.mailward.mailbox.structure.MessageStructure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mailbox of an account logged in over IMAP (later POP3), in the listener's terms. Every call
 * names the account its connection logged in as and finds it again, so an account disabled in
 * the middle of a session loses access at its next command. Refusals are thrown as the store's
 * {@code MailboxException} (or the directory's), which {@link MailboxBackendBean} answers. Calls
 * that only read run without a transaction (SUPPORTS): IMAP asks for something at nearly every
 * command, and beginning and committing a transaction each time cost more than the reads.
 */
@Stateless
public class ProtocolMailbox {

    @Inject
    private AccessControl access;

    /** Account ids by address, for {@link #reader}; an address is checked against its account at each use. */
    private static final Map<String, Long> ACCOUNT_IDS = new ConcurrentHashMap<>();
    private static final int MAX_ACCOUNT_IDS = 100_000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private MailboxStore store;

    @Inject
    private MessageIndex index;

    @Inject
    private BlobStore blobs;

    @Inject
    private SettingsService settings;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<FolderEntry> folders(String account) {
        return store.folders(reader(account)).stream()
                .map(folder -> new FolderEntry(folder.name(), folder.specialUse() == null ? null : folder.specialUse().attribute(),
                        folder.subscribed()))
                .toList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public FolderStatus status(String account, String folder) {
        return status(store.folder(reader(account), folder));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public SelectedFolder select(String account, String folder) {
        Account owner = reader(account);
        FolderView view = store.folder(owner, folder);
        MailboxStore.Numbering numbering = store.numbering(owner, folder);
        return new SelectedFolder(view.id(), status(view), numbering.uids(), numbering.firstUnseen());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public FolderChanges changes(String account, String folder, long modseq) {
        Account owner = reader(account);
        FolderView view = store.folder(owner, folder);
        if (view.highestModseq() <= modseq) {
            return new FolderChanges(status(view), List.of(), List.of());
        }
        MailboxStore.ExpungedUids expunged = store.expungedSince(owner, folder, modseq);
        return new FolderChanges(status(view), expunged.uids(), expunged.exact(),
                store.stored(owner, folder, 1, Long.MAX_VALUE, modseq).stream().map(this::meta).toList());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<MessageMeta> messages(String account, String folder, long fromUid, long toUid) {
        return store.stored(reader(account), folder, fromUid, toUid, 0).stream().map(this::meta).toList();
    }

    /** @param utf8 as {@link org.mailward.connector.spi.mailbox.MailboxBackend#shapes} */
    public Map<Long, MessageShape> shapes(String account, String folder, List<Long> uids, List<String> parts, boolean utf8) {
        Map<Long, MessageShape> shapes = new HashMap<>();
        store.structures(account(account), folder, uids).forEach((uid, json) -> {
            MessageStructure structure = MessageStructure.fromJson(json);
            Map<String, long[]> sections = new HashMap<>();
            Map<String, String> encodings = new HashMap<>();
            for (String part : parts) {
                structure.section(part).ifPresent(section -> sections.put(part, new long[] {
                        start(section.content()), end(section.content()), start(section.mime()), end(section.mime()),
                        start(section.header()), end(section.header()), start(section.text()), end(section.text())}));
                structure.part(part).ifPresent(mime -> encodings.put(part, mime.encoding()));
            }
            shapes.put(uid, new MessageShape(structure.envelope(utf8), structure.bodyStructure(false, utf8),
                    structure.bodyStructure(true, utf8), sections, encodings));
        });
        return shapes;
    }

    private static long start(MessageStructure.Range range) {
        return range == null ? -1 : range.start();
    }

    private static long end(MessageStructure.Range range) {
        return range == null ? -1 : range.end();
    }

    /**
     * The UIDs of the messages that match, ascending. Messages not yet in the full-text index are
     * indexed first, so a search finds mail delivered a moment ago; when the program needs an
     * indexed key to hold, only the rows of the messages the index found are read.
     */
    public long[] search(String account, String folder, SearchKey key) {
        return matching(account(account), folder, key).stream().mapToLong(MessageView::uid).toArray();
    }

    /** SORT (RFC 5256): the UIDs of the messages that match, in the criteria's order. */
    public long[] sort(String account, String folder, List<SortCriterion> criteria, SearchKey program) {
        return MessageOrder.sort(matching(account(account), folder, program), criteria);
    }

    /**
     * THREAD (RFC 5256): the messages that match, threaded. REFERENCES reads the References field
     * of messages stored without it from their bodies first, once (ADR 0024).
     */
    public List<ThreadNode> thread(String account, String folder, ThreadAlgorithm algorithm, SearchKey program) {
        Account owner = account(account);
        List<MessageView> messages = matching(owner, folder, program);
        return switch (algorithm) {
            case ORDEREDSUBJECT -> MessageThreads.orderedSubject(messages);
            case REFERENCES -> MessageThreads.references(withReferences(owner, folder, messages));
        };
    }

    private List<MessageView> withReferences(Account owner, String folder, List<MessageView> messages) {
        List<Long> unread = messages.stream().filter(message -> message.summary().references() == null).map(MessageView::uid).toList();
        if (unread.isEmpty()) {
            return messages;
        }
        Map<Long, String> read = store.references(owner, folder, unread);
        return messages.stream().map(message -> read.containsKey(message.uid())
                ? message.withSummary(message.summary().withReferences(read.get(message.uid()))) : message).toList();
    }

    /** The messages that match, in UID order (see {@link #search}). */
    private List<MessageView> matching(Account owner, String folder, SearchKey key) {
        long folderId = store.folder(owner, folder).id();
        index.indexAll(folderId);
        IndexedKeys indexed = IndexedKeys.answer(key, index, folderId);
        Set<Long> candidates = indexed.candidates(key);
        List<MessageView> messages = candidates == null ? store.range(owner, folder, 1, Long.MAX_VALUE, 0)
                : store.messages(owner, folder, candidates);
        return messages.stream()
                .filter(message -> new SearchEvaluation(message, () -> store.content(owner, folder, message.uid()), indexed).matches(key))
                .toList();
    }

    public FlagsStored store(String account, String folder, long uidValidity, List<Long> uids, FlagChange change,
                             List<String> flags, long unchangedSince) {
        FlagSet parsed = FlagSet.of(flags);
        Account owner = sameFolder(account(account), folder, uidValidity);
        MailboxStore.FlagResult result = store.store(owner, folder, uids, MailboxStore.FlagMode.valueOf(change.name()),
                parsed.system(), parsed.keywords(), unchangedSince);
        // what STORE answers is flags: a body, not listed with them, is looked up only if ever read
        return new FlagsStored(result.changed().stream()
                .map(view -> meta(view, () -> store.content(owner, folder, view.uid()))).toList(), result.modified());
    }

    /** Flags as IMAP names them, split into the system flags (case-insensitive, RFC 9051 section 2.3.2) and keywords. */
    private record FlagSet(Set<MessageFlag> system, Set<String> keywords) {

        static FlagSet of(List<String> flags) {
            Set<MessageFlag> system = EnumSet.noneOf(MessageFlag.class);
            Set<String> keywords = new LinkedHashSet<>();
            for (String flag : flags) {
                Arrays.stream(MessageFlag.values()).filter(known -> known.imapName().equalsIgnoreCase(flag)).findFirst()
                        .ifPresentOrElse(system::add, () -> keywords.add(flag));
            }
            return new FlagSet(system, keywords);
        }
    }

    public List<Long> expunge(String account, String folder, long uidValidity, List<Long> uids) {
        return store.expunge(sameFolder(account(account), folder, uidValidity), folder, uids);
    }

    public List<Long> remove(String account, String folder, long uidValidity, List<Long> uids) {
        return store.remove(sameFolder(account(account), folder, uidValidity), folder, uids);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Maildrop maildrop(String account) {
        Account owner = account(account);
        FolderView inbox = store.folder(owner, SpecialUse.INBOX.defaultName());
        MailboxStore.Sizes sizes = store.sizes(owner, inbox.name());
        return new Maildrop(inbox.uidValidity(), sizes.uids(), sizes.sizes(),
                Boolean.parseBoolean(settings.accountValue(owner, Setting.POP3_RETR_MARKS_SEEN)));
    }

    public Transferred append(String account, String folder, List<String> flags, Instant internalDate, MessageContent message) {
        Account owner = account(account);
        FlagSet parsed = FlagSet.of(flags);
        MailboxStore.Stored stored;
        try (InputStream headers = message.open(); InputStream parts = message.open(); InputStream content = message.open()) {
            stored = store.append(owner, folder, content, message.size(), MessageSummaries.parse(headers),
                    MessageStructure.parse(parts).toJson(), parsed.system(), parsed.keywords(),
                    internalDate == null ? Instant.now() : internalDate);
        } catch (IOException e) {
            // The listener's copy of what the client sent (a temporary file) could not be read back.
            throw new MailboxException(MailboxException.Kind.INVALID, "The message could not be read: " + e.getMessage());
        }
        return new Transferred(store.folder(owner, folder).uidValidity(), new long[0], new long[] {stored.uid()});
    }

    public Transferred copy(String account, String folder, long uidValidity, List<Long> uids, String target, boolean move) {
        Account owner = sameFolder(account(account), folder, uidValidity);
        List<long[]> pairs = move ? store.move(owner, folder, uids, target) : store.copy(owner, folder, uids, target);
        return new Transferred(store.folder(owner, target).uidValidity(), pairs.stream().mapToLong(pair -> pair[0]).toArray(),
                pairs.stream().mapToLong(pair -> pair[1]).toArray());
    }

    /** @param specialUse an RFC 6154 attribute ({@code \Sent}), or null */
    public FolderStatus create(String account, String folder, String specialUse) {
        SpecialUse use = specialUse == null ? null : SpecialUse.ofAttribute(specialUse).orElseThrow(() -> new MailboxException(
                MailboxException.Kind.SPECIAL_USE, specialUse + " is not a special use this server gives folders"));
        return status(store.createFolder(account(account), folder, use));
    }

    public FolderStatus rename(String account, String folder, String newName) {
        return status(store.renameFolder(account(account), folder, newName));
    }

    public void delete(String account, String folder) {
        store.deleteFolder(account(account), folder);
    }

    public void subscribe(String account, String folder, boolean subscribed) {
        store.subscribe(account(account), folder, subscribed);
    }

    /** The account's own quota; its domain's disk limit, shared with the other accounts, is not shown to users. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public StorageQuota quota(String account) {
        Account owner = account(account);
        return new StorageQuota(store.usedBytes(owner), Quota.accountLimitBytes(owner));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long deletedSize(String account, String folder) {
        return store.range(reader(account), folder, 1, Long.MAX_VALUE, 0).stream()
                .filter(message -> message.flags().contains(MessageFlag.DELETED))
                .mapToLong(MessageView::size).sum();
    }

    /**
     * The owner, once the folder is checked to be the one the session selected: a folder deleted
     * and created again under its name has another UIDVALIDITY, and is refused rather than changed.
     */
    private Account sameFolder(Account owner, String folder, long uidValidity) {
        boolean same;
        try {
            same = store.folder(owner, folder).uidValidity() == uidValidity;
        } catch (MailboxException e) {
            same = false; // deleted
        }
        if (!same) {
            throw new MailboxException(MailboxException.Kind.GONE, "Folder " + folder + " was deleted or replaced since it was selected");
        }
        return owner;
    }

    /**
     * The account for a read, as {@link #account} checks it, but found by id in Hibernate's
     * second-level cache instead of by a query at every IMAP command; its domain is not loaded, so
     * the reads that use it need only its id. The id by address is kept, and checked at each use.
     */
    private Account reader(String address) {
        Long id = ACCOUNT_IDS.get(address);
        if (id != null) {
            Account account = em.find(Account.class, id);
            if (account != null && account.enabled()) {
                Domain domain = em.find(Domain.class, em.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(account.domain()));
                if (domain != null && domain.enabled() && address.equals(account.localPart() + "@" + domain.name())) {
                    return account;
                }
            }
        }
        Account account = account(address);
        if (ACCOUNT_IDS.size() > MAX_ACCOUNT_IDS) {
            ACCOUNT_IDS.clear();
        }
        ACCOUNT_IDS.put(address, account.id());
        return account;
    }

    private Account account(String address) {
        return access.requireOwnAccount(new Caller(address, false));
    }

    private static FolderStatus status(FolderView folder) {
        return new FolderStatus(folder.name(), folder.uidValidity(), folder.uidNext(), folder.highestModseq(),
                folder.messages(), folder.unseen(), folder.sizeBytes());
    }

    private MessageMeta meta(StoredMessage stored) {
        BlobStore bodies = blobs;
        return meta(stored.view(), () -> bodies.open(stored.body()));
    }

    private static MessageMeta meta(MessageView message, MessageMeta.Body body) {
        List<String> flags = new ArrayList<>();
        message.flags().forEach(flag -> flags.add(flag.imapName()));
        flags.addAll(message.keywords());
        return new MessageMeta(message.uid(), message.modseq(), flags, message.internalDate(), message.size(), body);
    }
}
