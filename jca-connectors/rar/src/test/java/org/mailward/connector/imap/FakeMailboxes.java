package org.mailward.connector.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.FlagsStored;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderEntry;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.MailboxWatch;
import org.mailward.connector.spi.mailbox.Maildrop;
import org.mailward.connector.spi.mailbox.MailboxWelcome;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.MessageShape;
import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.connector.spi.mailbox.SelectedFolder;
import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.connector.spi.mailbox.ThreadAlgorithm;
import org.mailward.connector.spi.mailbox.ThreadNode;
import org.mailward.connector.spi.mailbox.StorageQuota;
import org.mailward.connector.spi.mailbox.Transferred;
import org.mailward.connector.spi.mailbox.UidRanges;
import org.mailward.connector.spi.smtp.MessageContent;

/**
 * One account's mailbox in memory, for session tests: folders in name order with their special
 * use and subscription, messages with flags, modseq and content, and the shapes a test gives them.
 * Each addition, flag change and expunge takes the folder's next modseq, and {@code changes}
 * reports them as the store does. Searches understand flags, UID sets, MODSEQ and the boolean keys.
 */
public final class FakeMailboxes implements MailboxBackend {

    /** A message: its flags change, its content and shape are what the test gave. */
    public static final class Message {
        final long uid;
        long modseq;
        public final List<String> flags;
        final byte[] content;
        MessageShape shape;

        Message(long uid, List<String> flags, byte[] content) {
            this.uid = uid;
            this.flags = new ArrayList<>(flags);
            this.content = content;
        }
    }

    static final class Folder {
        String name;
        String specialUse;
        boolean subscribed = true;
        final TreeMap<Long, Message> messages = new TreeMap<>();
        /** The modseq of each expunged UID. */
        final Map<Long, Long> expunged = new TreeMap<>();
        long uidNext = 1;
        long highestModseq = 1;
        /** The records of the expunges up to this modseq are pruned. */
        long prunedTo;

        Folder(String name, String specialUse) {
            this.name = name;
            this.specialUse = specialUse;
        }
    }

    /** Every folder's id: sessions watch it, and each change wakes them, as the backend does when a change commits. */
    static final long FOLDER_ID = 1;

    final Map<String, Folder> folders = new TreeMap<>();
    /** UIDs whose content is refused, as for a message expunged between the listing and the read. */
    final Set<Long> expungedMeanwhile = new HashSet<>();
    /** How many UIDs each {@code messages} call spanned, in call order. */
    final List<Long> listings = new ArrayList<>();
    public final List<String> calls = new ArrayList<>();
    /** What {@link #maildrop} says of RETR and \\Seen. */
    public boolean retrMarksSeen;
    /** Folders whose STATUS finds them gone, as when another session deletes one between a LIST's listing and its STATUS. */
    final Set<String> goneBeforeStatus = new HashSet<>();
    /** Folders whose STATUS fails, as when the backend cannot be reached. */
    final Set<String> failingStatus = new HashSet<>();
    /** What SORT and THREAD answer, whatever they ask: the backend's ordering is not the session's business. */
    long[] sorted = new long[0];
    List<ThreadNode> threads = List.of();

    public FakeMailboxes folder(String name, String specialUse) {
        folders.put(name, new Folder(name, specialUse));
        return this;
    }

    FakeMailboxes unsubscribed(String name) {
        folders.get(name).subscribed = false;
        return this;
    }

    public Message message(String folder, String content, String... flags) {
        Folder target = folders.get(folder);
        Message message = new Message(target.uidNext++, List.of(flags), content.getBytes(StandardCharsets.UTF_8));
        message.modseq = ++target.highestModseq;
        target.messages.put(message.uid, message);
        MailboxWatch.changed(FOLDER_ID);
        return message;
    }

    /** Forgets the folder's expunges up to {@code modseq}, as the store's pruning does. */
    void prune(String folder, long modseq) {
        Folder target = folders.get(folder);
        target.expunged.values().removeIf(expungedAt -> expungedAt <= modseq);
        target.prunedTo = Math.max(target.prunedTo, modseq);
    }

    private MailboxAnswer<Folder> find(String name) {
        Folder folder = folders.get(name);
        return folder == null ? MailboxAnswer.refused(MailboxAnswer.Code.NONEXISTENT, "No folder " + name) : MailboxAnswer.of(folder);
    }

    private static FolderStatus status(Folder folder) {
        int unseen = (int) folder.messages.values().stream().filter(m -> !m.flags.contains("\\Seen")).count();
        long size = folder.messages.values().stream().mapToLong(m -> m.content.length).sum();
        return new FolderStatus(folder.name, 7, folder.uidNext, folder.highestModseq, folder.messages.size(), unseen, size);
    }

    private MessageMeta meta(Message message) {
        return new MessageMeta(message.uid, message.modseq, List.copyOf(message.flags), Instant.EPOCH, message.content.length, () -> {
            if (expungedMeanwhile.contains(message.uid)) {
                throw new NoSuchFileException("No stored body of message " + message.uid);
            }
            return new ByteArrayInputStream(message.content);
        });
    }

    @Override
    public MailboxWelcome greet(ConnectionInfo connection) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxAnswer<StorageQuota> quota(String account) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxAnswer<Long> deletedSize(String account, String folder) {
        throw new UnsupportedOperationException();
    }

    @Override
    public LoginResult login(LoginRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxAnswer<List<FolderEntry>> folders(String account) {
        return MailboxAnswer.of(folders.values().stream().map(f -> new FolderEntry(f.name, f.specialUse, f.subscribed)).toList());
    }

    @Override
    public MailboxAnswer<FolderStatus> status(String account, String folder) {
        calls.add("status " + folder);
        if (failingStatus.contains(folder)) {
            throw new IllegalStateException("backend down");
        }
        if (goneBeforeStatus.contains(folder)) {
            return MailboxAnswer.refused(MailboxAnswer.Code.NONEXISTENT, "No folder " + folder);
        }
        MailboxAnswer<Folder> found = find(folder);
        return found.refusedIt() ? MailboxAnswer.refused(found.refusal().code(), found.refusal().text()) : MailboxAnswer.of(status(found.value()));
    }

    @Override
    public MailboxAnswer<SelectedFolder> select(String account, String folder) {
        MailboxAnswer<Folder> found = find(folder);
        if (found.refusedIt()) {
            return MailboxAnswer.refused(found.refusal().code(), found.refusal().text());
        }
        Folder selected = found.value();
        long[] uids = selected.messages.keySet().stream().mapToLong(Long::longValue).toArray();
        return MailboxAnswer.of(new SelectedFolder(FOLDER_ID, status(selected), uids, 0));
    }

    @Override
    public MailboxAnswer<FolderChanges> changes(String account, String folder, long modseq) {
        Folder changed = folders.get(folder);
        if (changed == null) {
            return MailboxAnswer.refused(MailboxAnswer.Code.NONEXISTENT, "No folder " + folder);
        }
        List<MessageMeta> metas = changed.messages.values().stream().filter(m -> m.modseq > modseq).map(this::meta).toList();
        if (modseq < changed.prunedTo) { // as the store answers: every UID below UIDNEXT no longer there
            UidRanges.Missing missing = new UidRanges.Missing(changed.uidNext - 1);
            changed.messages.keySet().forEach(missing::present);
            return MailboxAnswer.of(new FolderChanges(status(changed), missing.build(), false, metas));
        }
        return MailboxAnswer.of(new FolderChanges(status(changed),
                changed.expunged.entrySet().stream().filter(e -> e.getValue() > modseq).map(Map.Entry::getKey).toList(), metas));
    }

    @Override
    public MailboxAnswer<List<MessageMeta>> messages(String account, String folder, long fromUid, long toUid) {
        listings.add(toUid - fromUid + 1);
        return MailboxAnswer.of(folders.get(folder).messages.subMap(fromUid, true, toUid, true).values().stream()
                .map(this::meta).toList());
    }

    @Override
    public MailboxAnswer<Map<Long, MessageShape>> shapes(String account, String folder, List<Long> uids, List<String> parts,
                                                         boolean utf8) {
        calls.add("shapes" + (utf8 ? " utf8" : ""));
        Map<Long, MessageShape> shapes = new HashMap<>();
        for (long uid : uids) {
            shapes.put(uid, folders.get(folder).messages.get(uid).shape);
        }
        return MailboxAnswer.of(shapes);
    }

    @Override
    public MailboxAnswer<long[]> search(String account, String folder, SearchKey key) {
        calls.add("search " + folder + " " + key);
        return MailboxAnswer.of(folders.get(folder).messages.values().stream().filter(m -> matches(m, key))
                .mapToLong(m -> m.uid).toArray());
    }

    @Override
    public MailboxAnswer<long[]> sort(String account, String folder, List<SortCriterion> criteria, SearchKey program) {
        calls.add("sort " + folder + " " + criteria + " " + program);
        return find(folder).map(found -> sorted);
    }

    @Override
    public MailboxAnswer<List<ThreadNode>> thread(String account, String folder, ThreadAlgorithm algorithm, SearchKey program) {
        calls.add("thread " + folder + " " + algorithm + " " + program);
        return find(folder).map(found -> threads);
    }

    private static boolean matches(Message message, SearchKey key) {
        return switch (key) {
            case SearchKey.All all -> true;
            case SearchKey.Flag flag -> message.flags.contains(flag.flag()) == flag.set();
            case SearchKey.Uids uids -> uids.ranges().stream().anyMatch(r -> message.uid >= r[0] && message.uid <= r[1]);
            case SearchKey.Modseq modseq -> message.modseq >= modseq.modseq();
            case SearchKey.Not not -> !matches(message, not.key());
            case SearchKey.Or or -> matches(message, or.left()) || matches(message, or.right());
            case SearchKey.And and -> and.keys().stream().allMatch(k -> matches(message, k));
            default -> throw new UnsupportedOperationException("the fake does not search by " + key);
        };
    }


    @Override
    public MailboxAnswer<FlagsStored> store(String account, String folder, long uidValidity, List<Long> uids,
                                            FlagChange change, List<String> flags, long unchangedSince) {
        Folder target = folders.get(folder);
        long modseq = target.highestModseq + 1;
        List<MessageMeta> changed = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        for (long uid : uids) {
            Message message = target.messages.get(uid);
            if (unchangedSince >= 0 && message.modseq > unchangedSince) {
                modified.add(uid);
                continue;
            }
            List<String> before = List.copyOf(message.flags);
            switch (change) {
                case ADD -> flags.stream().filter(f -> !message.flags.contains(f)).forEach(message.flags::add);
                case REMOVE -> message.flags.removeAll(flags);
                case REPLACE -> {
                    message.flags.clear();
                    message.flags.addAll(flags);
                }
            }
            if (!message.flags.equals(before)) {
                message.modseq = modseq;
                target.highestModseq = modseq;
                // as the real STORE's answer, whose body is a look-up of its own, which FETCH must not need
                changed.add(new MessageMeta(message.uid, message.modseq, List.copyOf(message.flags), Instant.EPOCH,
                        message.content.length, () -> {
                            throw new AssertionError("a body read from STORE's answer, not from the listing");
                        }));
            }
        }
        if (!changed.isEmpty()) {
            MailboxWatch.changed(FOLDER_ID);
        }
        return MailboxAnswer.of(new FlagsStored(changed, modified));
    }

    @Override
    public MailboxAnswer<List<Long>> expunge(String account, String folder, long uidValidity, List<Long> uids) {
        Folder target = folders.get(folder);
        return MailboxAnswer.of(removeAll(target, target.messages.values().stream()
                .filter(m -> m.flags.contains("\\Deleted") && (uids == null || uids.contains(m.uid))).map(m -> m.uid).toList()));
    }

    @Override
    public MailboxAnswer<List<Long>> remove(String account, String folder, long uidValidity, List<Long> uids) {
        calls.add("remove " + folder + " " + uids);
        Folder target = folders.get(folder);
        return MailboxAnswer.of(removeAll(target, uids.stream().filter(target.messages::containsKey).toList()));
    }

    @Override
    public MailboxAnswer<Maildrop> maildrop(String account) {
        Folder inbox = folders.get("INBOX");
        return MailboxAnswer.of(new Maildrop(7, inbox.messages.keySet().stream().mapToLong(Long::longValue).toArray(),
                inbox.messages.values().stream().mapToLong(m -> m.content.length).toArray(), retrMarksSeen));
    }

    private static List<Long> removeAll(Folder target, List<Long> removed) {
        if (!removed.isEmpty()) {
            target.highestModseq++;
            removed.forEach(uid -> {
                target.messages.remove(uid);
                target.expunged.put(uid, target.highestModseq);
            });
            MailboxWatch.changed(FOLDER_ID);
        }
        return removed;
    }

    @Override
    public MailboxAnswer<Transferred> append(String account, String folder, List<String> flags, Instant internalDate,
                                             MessageContent message) {
        MailboxAnswer<Folder> found = find(folder);
        if (found.refusedIt()) {
            return MailboxAnswer.refused(found.refusal().code(), found.refusal().text());
        }
        try (InputStream in = message.open()) {
            Message added = message(folder, new String(in.readAllBytes(), StandardCharsets.UTF_8), flags.toArray(String[]::new));
            return MailboxAnswer.of(new Transferred(7, new long[0], new long[] {added.uid}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public MailboxAnswer<Transferred> copy(String account, String folder, long uidValidity, List<Long> uids, String target,
                                           boolean move) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MailboxAnswer<FolderStatus> create(String account, String folder, String specialUse) {
        calls.add("create " + folder + (specialUse == null ? "" : " " + specialUse));
        if (folders.containsKey(folder)) {
            return MailboxAnswer.refused(MailboxAnswer.Code.ALREADYEXISTS, "Folder " + folder + " exists");
        }
        if (specialUse != null && !List.of("\\Drafts", "\\Sent", "\\Junk", "\\Trash", "\\Archive").contains(specialUse)) {
            return MailboxAnswer.refused(MailboxAnswer.Code.USE_ATTR, specialUse + " is not a special use here");
        }
        folder(folder, specialUse);
        return MailboxAnswer.of(status(folders.get(folder)));
    }

    @Override
    public MailboxAnswer<FolderStatus> rename(String account, String folder, String newName) {
        calls.add("rename " + folder + " " + newName);
        Folder renamed = folders.remove(folder);
        if (renamed == null) {
            return MailboxAnswer.refused(MailboxAnswer.Code.NONEXISTENT, "No folder " + folder);
        }
        renamed.name = newName;
        folders.put(newName, renamed);
        return MailboxAnswer.of(status(renamed));
    }

    @Override
    public MailboxAnswer<Boolean> delete(String account, String folder) {
        calls.add("delete " + folder);
        return MailboxAnswer.of(folders.remove(folder) != null);
    }

    @Override
    public MailboxAnswer<Boolean> subscribe(String account, String folder, boolean subscribed) {
        folders.get(folder).subscribed = subscribed;
        return MailboxAnswer.of(true);
    }
}
