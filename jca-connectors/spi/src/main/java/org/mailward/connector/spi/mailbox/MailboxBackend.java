package org.mailward.connector.spi.mailbox;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

import org.mailward.connector.spi.smtp.MessageContent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Implemented by the message-driven bean that serves mailboxes to IMAP and POP3. The adapter
 * borrows an endpoint for each call and releases it at once.
 */
public interface MailboxBackend {

    /** Called once per new connection, before anything is written to the client. */
    MailboxWelcome greet(ConnectionInfo connection);

    /**
     * Verifies a login. Called only on a TLS connection, or when the greeting allowed plaintext
     * logins. A {@link LoginResult.Outcome#BLOCKED} result means: answer, then close the connection.
     */
    LoginResult login(LoginRequest request);

    // The calls below act for {@code account}, the canonical address a successful login returned
    // on this connection; a folder is named in full, levels separated by "/". Those that change a
    // selected folder also name its UIDVALIDITY: a folder deleted and created again under the same
    // name (another UIDVALIDITY) is refused as NONEXISTENT rather than changed in its stead.

    MailboxAnswer<List<FolderEntry>> folders(String account);

    MailboxAnswer<FolderStatus> status(String account, String folder);

    MailboxAnswer<SelectedFolder> select(String account, String folder);

    /** What changed in the folder after {@code modseq}: new, changed and expunged messages. */
    MailboxAnswer<FolderChanges> changes(String account, String folder, long modseq);

    /** The messages with UIDs in {@code [fromUid, toUid]}, in UID order. */
    MailboxAnswer<List<MessageMeta>> messages(String account, String folder, long fromUid, long toUid);

    /**
     * The structures of the messages with the given UIDs, by UID, with the ranges of the given body parts.
     *
     * @param utf8 the client takes UTF-8 in quoted strings (UTF8=ACCEPT, IMAP4rev2); other clients get
     *             ENVELOPE and BODYSTRUCTURE in ASCII, as header fields are (RFC 6855 section 7)
     */
    MailboxAnswer<Map<Long, MessageShape>> shapes(String account, String folder, List<Long> uids, List<String> parts, boolean utf8);

    /** The UIDs of the folder's messages that match {@code key}, ascending. */
    MailboxAnswer<long[]> search(String account, String folder, SearchKey key);

    /**
     * The UIDs of the folder's messages that match {@code program}, ordered by {@code criteria}
     * (RFC 5256 SORT); messages equal by every criterion come in UID order.
     */
    MailboxAnswer<long[]> sort(String account, String folder, List<SortCriterion> criteria, SearchKey program);

    /** The folder's messages that match {@code program} as threads (RFC 5256 THREAD), in order. */
    MailboxAnswer<List<ThreadNode>> thread(String account, String folder, ThreadAlgorithm algorithm, SearchKey program);

    /**
     * Changes the flags (system flags by their IMAP names, and keywords) of the messages with the
     * given UIDs; unknown UIDs are skipped. A message whose modseq is above {@code unchangedSince}
     * is left as it is and answered as modified ({@link FlagsStored#UNCONDITIONAL}: none is).
     */
    MailboxAnswer<FlagsStored> store(String account, String folder, long uidValidity, List<Long> uids,
                                     FlagChange change, List<String> flags, long unchangedSince);

    /** Removes the messages flagged {@code \Deleted}, among {@code uids} (null: all); answers the UIDs removed. */
    MailboxAnswer<List<Long>> expunge(String account, String folder, long uidValidity, List<Long> uids);

    /**
     * Removes the messages with these UIDs, flagged or not, in one transaction (POP3's DELE takes
     * effect at QUIT); answers the UIDs removed, without those already gone.
     */
    MailboxAnswer<List<Long>> remove(String account, String folder, long uidValidity, List<Long> uids);

    /** The account's INBOX for a POP3 session, taken at its login. */
    MailboxAnswer<Maildrop> maildrop(String account);

    /**
     * Adds a message to a folder (IMAP APPEND), with its flags (system flags by their IMAP names,
     * and keywords) and internal date (null: now).
     */
    MailboxAnswer<Transferred> append(String account, String folder, List<String> flags, Instant internalDate,
                                      MessageContent message);

    /** Copies the messages with the given UIDs to {@code target}; with {@code move}, removes them here (RFC 6851). */
    MailboxAnswer<Transferred> copy(String account, String folder, long uidValidity, List<Long> uids, String target,
                                    boolean move);

    /** Creates a folder, with a special use (RFC 6154 attribute, {@code \Sent}) or none (null). */
    MailboxAnswer<FolderStatus> create(String account, String folder, String specialUse);

    MailboxAnswer<FolderStatus> rename(String account, String folder, String newName);

    MailboxAnswer<Boolean> delete(String account, String folder);

    MailboxAnswer<Boolean> subscribe(String account, String folder, boolean subscribed);

    /** The account's storage quota and what it uses of it (IMAP GETQUOTA, RFC 9208). */
    MailboxAnswer<StorageQuota> quota(String account);

    /** The octets an EXPUNGE of the folder would free: the size of its messages flagged {@code \Deleted}. */
    MailboxAnswer<Long> deletedSize(String account, String folder);
}
