package org.mailward.mailbox.access;

import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
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
import org.mailward.connector.spi.mailbox.Maildrop;
import org.mailward.connector.spi.mailbox.MailboxLimits;
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
import org.mailward.connector.spi.smtp.MessageContent;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;
import org.mailward.mailbox.store.MailboxException;
import org.mailward.security.login.ProtocolLogins;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The IMAP and POP3 listeners' message endpoint, bound to the resource adapter by
 * {@code META-INF/jboss-ejb3.xml}. Its activation makes the adapter open the IMAP, IMAPS,
 * POP3 and POP3S sockets.
 */
@MessageDriven(messageListenerInterface = MailboxBackend.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MailboxBackendBean implements MailboxBackend {

    private static final long KB = 1024;

    @Inject
    private ServerSettings settings;

    @Inject
    private SystemSettings systemSettings;

    @Inject
    private ProtocolLogins logins;

    @Inject
    private ProtocolMailbox mailbox;

    @Override
    public MailboxWelcome greet(ConnectionInfo connection) {
        return new MailboxWelcome(logins.greeting(connection, settings.hostname() + " Mailward ready"), limits());
    }

    /** The system settings, read at each greeting so that a change applies to the next connection. */
    private MailboxLimits limits() {
        return new MailboxLimits(systemSettings.number(Setting.IMAP_MAX_BAD_COMMANDS),
                systemSettings.number(Setting.IMAP_MAX_CONNECTIONS), systemSettings.number(Setting.IMAP_MAX_CONNECTIONS_PER_ADDRESS),
                systemSettings.number(Setting.IMAP_MAX_CONNECTIONS_PER_ACCOUNT),
                systemSettings.number(Setting.IMAP_MAX_LITERAL_KB) * KB, systemSettings.number(Setting.IMAP_MAX_COMMAND_KB) * KB,
                systemSettings.number(Setting.SMTP_MAX_MESSAGE_SIZE_KB) * KB,
                Duration.ofMinutes(systemSettings.number(Setting.IMAP_COMMAND_TIMEOUT_MINUTES)),
                Duration.ofMinutes(systemSettings.number(Setting.IMAP_IDLE_TIMEOUT_MINUTES)));
    }

    @Override
    public LoginResult login(LoginRequest request) {
        return logins.login(request);
    }

    @Override
    public MailboxAnswer<List<FolderEntry>> folders(String account) {
        return answer(() -> mailbox.folders(account));
    }

    @Override
    public MailboxAnswer<FolderStatus> status(String account, String folder) {
        return answer(() -> mailbox.status(account, folder));
    }

    @Override
    public MailboxAnswer<SelectedFolder> select(String account, String folder) {
        return answer(() -> mailbox.select(account, folder));
    }

    @Override
    public MailboxAnswer<FolderChanges> changes(String account, String folder, long modseq) {
        return answer(() -> mailbox.changes(account, folder, modseq));
    }

    @Override
    public MailboxAnswer<List<MessageMeta>> messages(String account, String folder, long fromUid, long toUid) {
        return answer(() -> mailbox.messages(account, folder, fromUid, toUid));
    }

    @Override
    public MailboxAnswer<Map<Long, MessageShape>> shapes(String account, String folder, List<Long> uids, List<String> parts,
                                                         boolean utf8) {
        return answer(() -> mailbox.shapes(account, folder, uids, parts, utf8));
    }

    @Override
    public MailboxAnswer<long[]> search(String account, String folder, SearchKey key) {
        return answer(() -> mailbox.search(account, folder, key));
    }

    @Override
    public MailboxAnswer<long[]> sort(String account, String folder, List<SortCriterion> criteria, SearchKey program) {
        return answer(() -> mailbox.sort(account, folder, criteria, program));
    }

    @Override
    public MailboxAnswer<List<ThreadNode>> thread(String account, String folder, ThreadAlgorithm algorithm, SearchKey program) {
        return answer(() -> mailbox.thread(account, folder, algorithm, program));
    }

    @Override
    public MailboxAnswer<FlagsStored> store(String account, String folder, long uidValidity, List<Long> uids,
                                            FlagChange change, List<String> flags, long unchangedSince) {
        return answer(() -> mailbox.store(account, folder, uidValidity, uids, change, flags, unchangedSince));
    }

    @Override
    public MailboxAnswer<List<Long>> expunge(String account, String folder, long uidValidity, List<Long> uids) {
        return answer(() -> mailbox.expunge(account, folder, uidValidity, uids));
    }

    @Override
    public MailboxAnswer<List<Long>> remove(String account, String folder, long uidValidity, List<Long> uids) {
        return answer(() -> mailbox.remove(account, folder, uidValidity, uids));
    }

    @Override
    public MailboxAnswer<Maildrop> maildrop(String account) {
        return answer(() -> mailbox.maildrop(account));
    }

    @Override
    public MailboxAnswer<Transferred> append(String account, String folder, List<String> flags, Instant internalDate,
                                             MessageContent message) {
        return answer(() -> mailbox.append(account, folder, flags, internalDate, message));
    }

    @Override
    public MailboxAnswer<Transferred> copy(String account, String folder, long uidValidity, List<Long> uids, String target,
                                           boolean move) {
        return answer(() -> mailbox.copy(account, folder, uidValidity, uids, target, move));
    }

    @Override
    public MailboxAnswer<FolderStatus> create(String account, String folder, String specialUse) {
        return answer(() -> mailbox.create(account, folder, specialUse));
    }

    @Override
    public MailboxAnswer<FolderStatus> rename(String account, String folder, String newName) {
        return answer(() -> mailbox.rename(account, folder, newName));
    }

    @Override
    public MailboxAnswer<Boolean> delete(String account, String folder) {
        return answer(() -> {
            mailbox.delete(account, folder);
            return true;
        });
    }

    @Override
    public MailboxAnswer<Boolean> subscribe(String account, String folder, boolean subscribed) {
        return answer(() -> {
            mailbox.subscribe(account, folder, subscribed);
            return true;
        });
    }

    @Override
    public MailboxAnswer<StorageQuota> quota(String account) {
        return answer(() -> mailbox.quota(account));
    }

    @Override
    public MailboxAnswer<Long> deletedSize(String account, String folder) {
        return answer(() -> mailbox.deletedSize(account, folder));
    }

    /** Runs a mailbox call in its own transaction; a refusal is an answer, anything else a failure. */
    private static <T> MailboxAnswer<T> answer(Supplier<T> call) {
        try {
            return MailboxAnswer.of(call.get());
        } catch (MailboxException e) {
            return MailboxAnswer.refused(switch (e.kind()) {
                case NOT_FOUND -> MailboxAnswer.Code.NONEXISTENT;
                case ALREADY_EXISTS -> MailboxAnswer.Code.ALREADYEXISTS;
                case HAS_CHILDREN -> MailboxAnswer.Code.HASCHILDREN;
                case INVALID -> MailboxAnswer.Code.CANNOT;
                case SPECIAL_USE -> MailboxAnswer.Code.USE_ATTR;
                case OVER_QUOTA -> MailboxAnswer.Code.OVERQUOTA;
                case GONE -> MailboxAnswer.Code.GONE;
            }, e.getMessage());
        } catch (DirectoryException e) {
            // The account was disabled or removed after the login.
            return MailboxAnswer.refused(MailboxAnswer.Code.CONTACTADMIN, e.getMessage());
        }
    }
}
