package org.mailward.connector.imap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.mailward.connector.auth.Credentials;
import org.mailward.connector.auth.LoginGate;
import org.mailward.connector.auth.SaslExchange;
import org.mailward.connector.auth.SaslStep;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.MessageBuffer;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.FlagsStored;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderEntry;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.MailboxLimits;
import org.mailward.connector.spi.mailbox.MailboxWatch;
import org.mailward.connector.spi.mailbox.MailboxWelcome;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.MessageShape;
import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.connector.spi.mailbox.SelectedFolder;
import org.mailward.connector.spi.mailbox.StorageQuota;
import org.mailward.connector.spi.mailbox.Transferred;
import org.mailward.connector.spi.mailbox.UidRanges;

/**
 * One IMAP conversation through the not-authenticated and authenticated states (RFC 9051 sections
 * 3, 6.1, 6.2): LOGIN, AUTHENTICATE PLAIN with or without an initial response (RFC 4959), and the
 * response codes of RFC 5530. A login is offered only on TLS or where the greeting allowed it;
 * elsewhere the capabilities say {@code LOGINDISABLED}.
 */
public final class ImapSession implements ProtocolSession {

    private static final Logger LOG = Logger.getLogger(ImapSession.class.getName());
    private static final Set<SaslExchange.Mechanism> MECHANISMS = Set.of(SaslExchange.Mechanism.PLAIN);

    /** An AUTHENTICATE waiting for the client's next continuation line. */
    private record PendingAuthentication(String tag, SaslExchange exchange) {
    }

    /** What the listener put in a line's place for octets that are not UTF-8. */
    private static final char NOT_UTF8 = '\uFFFD';

    /** A tag followed by its command (RFC 9051 section 9: tag = 1*<any ASTRING-CHAR except "+">). */
    private static final Pattern TAG = Pattern.compile("[^\\x00-\\x20(){%*\"\\\\+\\x7f]+ ");

    /** A line that ends with a literal's announcement: {@code {n}}, or {@code {n+}} (LITERAL+, RFC 7888). */
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,10})(\\+?)}$");
    private static final String DELIMITER = "/";
    /** The one quota root: the account's quota covers all its folders. */
    private static final String QUOTA_ROOT = "";
    private static final String SEEN = "\\Seen";
    /** How many messages a small FETCH lists ahead, and the session keeps: about 20 KB of metadata. */
    private static final int LISTING_AHEAD = 64;
    /** A FETCH whose sequence numbers span more than this many times their count is listed run by run. */
    private static final int SPARSE = 4;
    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private final EndpointInvoker<MailboxBackend> backend;
    private final boolean startTlsAvailable;
    private final LoginGate login;
    private final AccountConnections accounts;
    private ConnectionInfo connection;
    private Greeting greeting;
    private MailboxLimits limits;
    /** BAD answers in a row. */
    private int badCommands;
    /** COMPRESS DEFLATE is on (RFC 4978): for the rest of the connection. */
    private boolean compressed;
    private PendingAuthentication pending;
    /** The account logged in, null before. */
    private String account;
    private SelectedMailbox selected;
    /** A command being received, with the literals read so far; null between commands. */
    private StringBuilder command;
    private List<byte[]> literals;
    private long commandBytes;
    private MessageBuffer literalBuffer;
    private boolean literalIsMessage;
    /** The message of the APPEND being received, kept as the listener received it (spilled to disk when large). */
    private MessageBuffer appended;
    private Idling idling;
    private Pusher pusher;
    /** A wake-up's look is on its way; changes heard meanwhile are in what it will find. */
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    /** Why the command being received will be refused once it ends; null if it will not. */
    private String refusedLiteral;
    /** Modified UTF-7 until the client enables UTF-8 names. */
    private MailboxNames names = MailboxNames.MODIFIED_UTF7;
    /** The client enabled IMAP4rev2 (RFC 9051 Appendix E): its responses differ from IMAP4rev1's. */
    private boolean rev2;
    /** The client uses modseqs (RFC 7162 section 3.1): FETCH responses with FLAGS carry MODSEQ from then on. */
    private boolean condstore;
    /** The client enabled QRESYNC (RFC 7162 section 3.2): it is told of expunges by UID, as VANISHED. */
    private boolean qresync;

    public ImapSession(EndpointInvoker<MailboxBackend> backend) {
        this(backend, false, new AccountConnections());
    }

    /**
     * @param startTlsAvailable whether the listener can switch a plaintext connection to TLS (STARTTLS)
     * @param accounts          the logged-in sessions of every IMAP listener, by account
     */
    public ImapSession(EndpointInvoker<MailboxBackend> backend, boolean startTlsAvailable, AccountConnections accounts) {
        this.backend = backend;
        this.startTlsAvailable = startTlsAvailable;
        this.accounts = accounts;
        this.login = new LoginGate("imap", request -> backend.call(mailbox -> mailbox.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        MailboxWelcome welcome = backend.call(mailbox -> mailbox.greet(connection));
        Greeting greeting = welcome.greeting();
        if (!greeting.accepted()) {
            return Reply.closing("* BYE " + greeting.text());
        }
        if (overConnectionLimits(connection, welcome.limits())) {
            return Reply.closing(tooManyConnections());
        }
        this.connection = connection;
        this.greeting = greeting;
        this.limits = welcome.limits();
        login.open(connection, greeting);
        return Reply.of("* OK [CAPABILITY " + capabilities() + "] " + greeting.text());
    }

    /**
     * The adapter's own caps turned the client away before this, cheaply; the administrator's
     * system settings may be lower, and only the backend knows them.
     */
    private static boolean overConnectionLimits(ConnectionInfo connection, MailboxLimits limits) {
        String exceeded = connection.listenerConnections() > limits.maxConnections() ? "imap.max-connections"
                : connection.addressConnections() > limits.maxConnectionsPerAddress() ? "imap.max-connections-per-address"
                : null;
        if (exceeded != null) {
            LOG.info(() -> "Mailward " + connection.listener() + " refused a connection from "
                    + connection.remote().getAddress().getHostAddress() + ": over " + exceeded);
        }
        return exceeded != null;
    }

    /** RFC 9051 section 6.2.1: forget what was learned before the handshake; the client asks for the capabilities again. */
    @Override
    public synchronized Reply tlsStarted(ConnectionInfo secured) {
        connection = secured;
        login.open(secured, greeting);
        return Reply.of();
    }

    private Reply startTls(String tag) {
        if (!startTlsAvailable || connection.tls()) {
            return Reply.of(tag + " BAD STARTTLS is not available on this connection");
        }
        if (login.authenticated()) {
            return Reply.of(tag + " BAD Already authenticated");
        }
        return Reply.then(new Reply.StartTls(), tag + " OK Begin TLS negotiation now");
    }

    @Override
    public synchronized Reply handle(String line) throws BackendUnavailableException {
        return countingBad(answer(line));
    }

    private Reply answer(String line) throws BackendUnavailableException {
        if (idling != null) {
            return endIdle(line);
        }
        if (pending != null) {
            PendingAuthentication authentication = pending;
            pending = null;
            return authenticationStep(authentication, authentication.exchange().respond(line));
        }
        if (command == null) {
            command = new StringBuilder();
            literals = new ArrayList<>();
            refusedLiteral = null;
            commandBytes = 0;
        }
        commandBytes += line.length();
        if (commandBytes > limits.maxCommandBytes()) {
            abandonCommand();
            return Reply.closing("* BYE Command too long");
        }
        command.append(line);
        Matcher marker = LITERAL.matcher(line);
        if (marker.find()) {
            return literal(Long.parseLong(marker.group(1)), marker.group(2).isEmpty());
        }
        String text = command.toString();
        List<byte[]> contents = literals;
        String refusal = refusedLiteral;
        command = null;
        literals = null;
        if (refusal != null) {
            abandonCommand();
            return Reply.of(tagOf(text) + " BAD " + refusal);
        }
        if (text.indexOf(NOT_UTF8) >= 0) {
            // RFC 9051 section 9 admits UTF-8 only (and RFC 3501 only ASCII): searching or naming with mangled text would mislead.
            abandonCommand();
            return Reply.of(tagOf(text) + " BAD Command is not valid UTF-8");
        }
        try {
            return execute(ImapCommand.parse(text, contents, names));
        } finally {
            releaseAppended();
        }
    }

    /**
     * The line announced a literal: read its octets (after a {@code +} continuation when it is
     * synchronising), then the rest of the command. A literal the command may not have (over its
     * size limit, past the command's total, an APPEND message before the login or a second one)
     * is refused before the client sends it; a non-synchronising one (LITERAL+) is sent anyway,
     * so it is read and dropped and the command is refused once it ends, and a client that goes
     * on sending literals into a refused command is disconnected.
     */
    private Reply literal(long size, boolean synchronising) {
        boolean message = isAppendedMessage();
        long limit = message ? limits.maxAppendBytes() : limits.maxLiteralBytes();
        String refusal = refusedLiteral;
        if (refusal == null) {
            if (message && account == null) {
                refusal = "Log in first";
            } else if (message && appended != null) {
                refusal = "[LIMIT] One message per APPEND";
            } else if (size > limit) {
                refusal = "[TOOBIG] Literal too large (at most " + limit + " octets)";
            } else if (!message && commandBytes + size > limits.maxCommandBytes()) {
                refusal = "[TOOBIG] Command too long (at most " + limits.maxCommandBytes() + " octets)";
            }
        }
        if (refusal == null) {
            commandBytes += message ? 0 : size;
            literalBuffer = message ? new MessageBuffer(limit, MessageBuffer.SYSTEM_TEMPORARY_DIRECTORY)
                    : new MessageBuffer(limit);
            literalIsMessage = message;
            Reply.ReadChunk read = new Reply.ReadChunk(literalBuffer, size);
            return synchronising ? Reply.then(read, "+ Ready for literal data") : Reply.then(read);
        }
        if (synchronising) {
            String tag = tagOf(command.toString());
            abandonCommand();
            return Reply.of(tag + " NO " + refusal);
        }
        if (refusedLiteral != null) {
            abandonCommand();
            return Reply.closing("* BYE Too much data for a refused command");
        }
        refusedLiteral = refusal;
        literalBuffer = new MessageBuffer(0);
        return Reply.then(new Reply.ReadChunk(literalBuffer, size));
    }

    /** Forgets the command being received, with what it holds. */
    private void abandonCommand() {
        command = null;
        literals = null;
        commandBytes = 0;
        refusedLiteral = null;
        releaseAppended();
    }

    /**
     * Whether the literal just announced is an APPEND's message: one that comes after the mailbox
     * name. Other literals are strings, which the command holds in memory.
     */
    private boolean isAppendedMessage() {
        String text = command.toString();
        int space = text.indexOf(' ');
        String rest = space < 0 ? "" : text.substring(space + 1);
        if (!rest.regionMatches(true, 0, "APPEND ", 0, 7)) {
            return false;
        }
        String arguments = LITERAL.matcher(rest.substring(7)).replaceFirst("").trim();
        return !arguments.isEmpty() || !literals.isEmpty();
    }

    @Override
    public void pushTo(Pusher pusher) {
        this.pusher = pusher;
    }

    /**
     * IDLE: tells what changed so far, then waits; each change of the selected folder wakes the
     * session, on a thread of its own, to push what changed (ADR 0020). Without a selected folder
     * there is nothing to watch, and the session only waits for DONE.
     */
    private Reply idle(ImapCommand.Idle command) throws BackendUnavailableException {
        List<String> lines = new ArrayList<>();
        lines.add("+ idling");
        lines.addAll(updates(true));
        try {
            // Written before the watch is armed, under the session's lock: no pushed update can overtake it.
            pusher.push(new Reply(lines, false));
        } catch (IOException e) {
            return Reply.closing();
        }
        idling = new Idling(command.tag(), selected);
        if (selected != null) {
            selected.onChange(this::wake);
            if (selected.lookNeeded()) {
                wake(); // a change heard while "+ idling" was written; the wake-up waits for this command's end
            }
        }
        return Reply.of();
    }

    /** Runs on the thread that heard the change: one look at a time is enough, and it must not wait here. */
    private void wake() {
        if (!wakeScheduled.compareAndSet(false, true)) {
            return;
        }
        Thread.startVirtualThread(() -> {
            synchronized (this) {
                wakeScheduled.set(false);
                if (idling == null || selected == null) {
                    return;
                }
                try {
                    List<String> lines = updates(true);
                    if (!lines.isEmpty()) {
                        pusher.push(new Reply(lines, false));
                    }
                } catch (BackendUnavailableException | IOException e) {
                    // The client's next command, or its DONE, will find out.
                    LOG.fine(() -> "Mailward IMAP could not push an update: " + e);
                }
            }
        });
    }

    private Reply endIdle(String line) throws BackendUnavailableException {
        Idling ended = idling;
        idling = null;
        ended.stopWatching();
        if (!line.equalsIgnoreCase("DONE")) {
            return Reply.of(ended.tag() + " BAD Expected DONE");
        }
        return completed(ended.tag(), "IDLE", true);
    }

    /** An IDLE in progress: its tag, and the selected mailbox whose changes wake it (null if none). */
    private record Idling(String tag, SelectedMailbox watched) {

        void stopWatching() {
            if (watched != null) {
                watched.onChange(null);
            }
        }
    }

    @Override
    public synchronized Reply dataReceived(boolean bareLineEnd) {
        MessageBuffer buffer = literalBuffer;
        literalBuffer = null;
        if (literalIsMessage && refusedLiteral == null && !buffer.exceeded() && !buffer.storageFailed()) {
            literalIsMessage = false;
            appended = buffer;
            literals.add(new byte[0]); // the message's place among the literals; the buffer holds it
            return Reply.of();
        }
        literalIsMessage = false;
        try (buffer) {
            if (refusedLiteral == null) {
                if (buffer.storageFailed()) {
                    refusedLiteral = "[LIMIT] The server could not hold the literal; try again later";
                } else {
                    try (InputStream in = buffer.open()) {
                        literals.add(in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            refusedLiteral = "[LIMIT] The server could not hold the literal; try again later";
        }
        return Reply.of();
    }

    /**
     * The connection's own thread asks, between commands: IDLE waits longer (RFC 9051 section 5.4
     * asks for at least 30 minutes, clients renew their IDLE within 29), and so may a logged-in
     * client; before the login, the listener's shorter idle timeout holds.
     */
    @Override
    public Duration commandTimeout() {
        return idling != null ? limits.idleTimeout() : account != null ? limits.commandTimeout() : null;
    }

    @Override
    public synchronized void close() {
        if (account != null) {
            accounts.leave(account);
            account = null;
        }
        if (literalBuffer != null) {
            literalBuffer.close();
        }
        releaseAppended();
        if (idling != null) {
            idling.stopWatching();
            idling = null;
        }
        changeSelected(null);
    }

    /** Makes {@code next} (or nothing) the selected mailbox, and stops watching the one before. */
    private void changeSelected(SelectedMailbox next) {
        if (selected != null) {
            selected.close();
        }
        selected = next;
    }

    private void releaseAppended() {
        if (appended != null) {
            appended.close();
            appended = null;
        }
    }

    private static String tagOf(String text) {
        int space = text.indexOf(' ');
        return space > 0 ? text.substring(0, space) : "*";
    }

    private Reply execute(ImapCommand parsed) throws BackendUnavailableException {
        return switch (parsed) {
            case ImapCommand.Capability capability ->
                    Reply.of("* CAPABILITY " + capabilities(), capability.tag() + " OK CAPABILITY completed");
            case ImapCommand.Noop noop -> completed(noop.tag(), "NOOP", true);
            case ImapCommand.Logout logout ->
                    Reply.closing("* BYE Mailward IMAP server logging out", logout.tag() + " OK LOGOUT completed");
            case ImapCommand.StartTls startTls -> startTls(startTls.tag());
            case ImapCommand.Login login -> login(login);
            case ImapCommand.Authenticate authenticate -> authenticate(authenticate);
            case ImapCommand.Id id -> {
                LOG.fine(() -> "Mailward IMAP client says it is " + id.client());
                yield Reply.of("* ID (\"name\" \"Mailward\")", id.tag() + " OK ID completed");
            }
            case ImapCommand.Unknown unknown -> Reply.of(unknown.tag() + " BAD Command unknown or not implemented");
            case ImapCommand.Malformed malformed -> Reply.of(malformed.tag() + " BAD " + malformed.reason());
            case ImapCommand.Invalid invalid -> Reply.of("* BAD Invalid command");
            default -> account == null ? Reply.of(tagOf(parsed) + " BAD Log in first") : mailboxCommand(parsed);
        };
    }

    private static String tagOf(ImapCommand command) {
        return switch (command) {
            case ImapCommand.Select c -> c.tag();
            case ImapCommand.Create c -> c.tag();
            case ImapCommand.Delete c -> c.tag();
            case ImapCommand.Rename c -> c.tag();
            case ImapCommand.Subscribe c -> c.tag();
            case ImapCommand.ListMailboxes c -> c.tag();
            case ImapCommand.Status c -> c.tag();
            case ImapCommand.Selected c -> c.tag();
            case ImapCommand.Expunge c -> c.tag();
            case ImapCommand.Fetch c -> c.tag();
            case ImapCommand.Store c -> c.tag();
            case ImapCommand.Append c -> c.tag();
            case ImapCommand.Copy c -> c.tag();
            case ImapCommand.Namespace c -> c.tag();
            case ImapCommand.Search c -> c.tag();
            case ImapCommand.Sort c -> c.tag();
            case ImapCommand.ThreadMessages c -> c.tag();
            case ImapCommand.Idle c -> c.tag();
            case ImapCommand.Enable c -> c.tag();
            case ImapCommand.Compress c -> c.tag();
            case ImapCommand.GetQuotaRoot c -> c.tag();
            case ImapCommand.GetQuota c -> c.tag();
            case ImapCommand.SetQuota c -> c.tag();
            default -> "*";
        };
    }

    private Reply mailboxCommand(ImapCommand parsed) throws BackendUnavailableException {
        return switch (parsed) {
            case ImapCommand.Select select -> select(select);
            case ImapCommand.Create create -> nameChange(create.tag(), "CREATE", trimDelimiter(create.mailbox()), create.denormalized(),
                    mailbox -> mailbox.create(account, trimDelimiter(create.mailbox()), create.specialUse()));
            case ImapCommand.Delete delete -> nameChange(delete.tag(), "DELETE", delete.mailbox(), delete.denormalized(),
                    mailbox -> mailbox.delete(account, delete.mailbox()));
            case ImapCommand.Rename rename -> nameChange(rename.tag(), "RENAME", trimDelimiter(rename.newName()), rename.denormalized(),
                    mailbox -> mailbox.rename(account, rename.mailbox(), trimDelimiter(rename.newName())));
            case ImapCommand.Subscribe subscribe -> simple(subscribe.tag(), subscribe.subscribe() ? "SUBSCRIBE" : "UNSUBSCRIBE",
                    mailbox -> mailbox.subscribe(account, subscribe.mailbox(), subscribe.subscribe()));
            case ImapCommand.ListMailboxes list -> list(list);
            case ImapCommand.Status status -> status(status);
            case ImapCommand.Append append -> append(append);
            case ImapCommand.Idle idle -> idle(idle);
            case ImapCommand.Compress compress -> compress(compress);
            case ImapCommand.GetQuotaRoot getQuotaRoot -> quotaRoot(getQuotaRoot);
            case ImapCommand.GetQuota getQuota -> quota(getQuota);
            case ImapCommand.SetQuota setQuota -> Reply.of(setQuota.tag() + " NO [NOPERM] Quotas are set by the administrator");
            case ImapCommand.Namespace namespace ->
                    Reply.of("* NAMESPACE ((\"\" \"" + DELIMITER + "\")) NIL NIL", namespace.tag() + " OK NAMESPACE completed");
            case ImapCommand.Enable enable -> enable(enable);
            default -> selected == null ? Reply.of(tagOf(parsed) + " BAD No mailbox selected") : selectedCommand(parsed);
        };
    }

    /**
     * RFC 5161: turns on what it can among what the client asks for; the answer lists what it
     * turned on now. IMAP4rev2 names mailboxes in UTF-8 as UTF8=ACCEPT does (RFC 9051 section 5.1).
     */
    private Reply enable(ImapCommand.Enable command) {
        List<String> enabled = new ArrayList<>(List.of("* ENABLED"));
        List<String> lines = new ArrayList<>();
        for (String capability : command.capabilities()) {
            if (capability.equals("IMAP4REV2") && !rev2) {
                rev2 = true;
                names = MailboxNames.UTF8;
                enabled.add("IMAP4rev2");
            } else if (capability.equals("UTF8=ACCEPT") && names != MailboxNames.UTF8) {
                names = MailboxNames.UTF8;
                enabled.add("UTF8=ACCEPT");
            } else if (capability.equals("CONDSTORE") && !condstore) {
                lines.addAll(condstoreEnabled());
                enabled.add("CONDSTORE");
            } else if (capability.equals("QRESYNC") && !qresync) {
                lines.addAll(condstoreEnabled()); // QRESYNC implies CONDSTORE (RFC 7162 section 3.2.3)
                qresync = true;
                enabled.add("QRESYNC");
            }
        }
        lines.addFirst(String.join(" ", enabled));
        lines.add(command.tag() + " OK ENABLE completed");
        return new Reply(lines, false);
    }

    /**
     * Turns CONDSTORE on, for ENABLE or a command that uses modseqs (RFC 7162 section 3.1); in the
     * selected state, the client is then told the mailbox's highest modseq, as SELECT would have.
     */
    private List<String> condstoreEnabled() {
        if (condstore) {
            return List.of();
        }
        condstore = true;
        return selected == null ? List.of() : List.of(highestModseqResponse());
    }

    /** RFC 7162 section 3.1.2.1: the modseq up to which the client has been told of changes. */
    private String highestModseqResponse() {
        return "* OK [HIGHESTMODSEQ " + selected.modseq() + "] Highest modseq";
    }

    private Reply selectedCommand(ImapCommand parsed) throws BackendUnavailableException {
        return switch (parsed) {
            case ImapCommand.Selected command -> switch (command.name()) {
                case "CLOSE" -> close(command.tag());
                case "UNSELECT" -> {
                    changeSelected(null);
                    yield Reply.of(command.tag() + " OK UNSELECT completed");
                }
                default -> completed(command.tag(), command.name(), true);
            };
            case ImapCommand.Expunge expunge -> expunge(expunge);
            case ImapCommand.Fetch fetch -> fetch(fetch);
            case ImapCommand.Store store -> store(store);
            case ImapCommand.Copy copy -> copy(copy);
            case ImapCommand.Search search -> search(search);
            case ImapCommand.Sort sort -> sort(sort);
            case ImapCommand.ThreadMessages thread -> thread(thread);
            default -> throw new IllegalStateException("not a selected-state command: " + parsed);
        };
    }

    /** RFC 4978: after the login only, once; the connection compresses from the octet after the OK. */
    private Reply compress(ImapCommand.Compress command) {
        if (compressed) {
            return Reply.of(command.tag() + " NO [COMPRESSIONACTIVE] DEFLATE is active already");
        }
        if (!command.mechanism().equals("DEFLATE")) {
            return Reply.of(command.tag() + " BAD Unknown compression mechanism " + command.mechanism());
        }
        compressed = true;
        return Reply.then(new Reply.Compress(), command.tag() + " OK DEFLATE active");
    }

    /**
     * RFC 9208: an account with a quota has one quota root, "", for all its folders; one without
     * has none. Only STORAGE is limited.
     */
    private Reply quotaRoot(ImapCommand.GetQuotaRoot command) throws BackendUnavailableException {
        MailboxAnswer<FolderStatus> folder = backend.call(mailbox -> mailbox.status(account, command.mailbox()));
        if (folder.refusedIt()) {
            return refused(command.tag(), folder);
        }
        MailboxAnswer<StorageQuota> answer = backend.call(mailbox -> mailbox.quota(account));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        List<String> lines = new ArrayList<>();
        if (answer.value().limitBytes() > 0) {
            lines.add("* QUOTAROOT " + names.quoted(command.mailbox()) + " " + "\"" + QUOTA_ROOT + "\"");
            lines.add(quotaResponse(answer.value()));
        } else {
            lines.add("* QUOTAROOT " + names.quoted(command.mailbox()));
        }
        return updatesThen(lines, command.tag(), "GETQUOTAROOT");
    }

    private Reply quota(ImapCommand.GetQuota command) throws BackendUnavailableException {
        MailboxAnswer<StorageQuota> answer = backend.call(mailbox -> mailbox.quota(account));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        if (!command.root().equals(QUOTA_ROOT) || answer.value().limitBytes() == 0) {
            return Reply.of(command.tag() + " NO [NONEXISTENT] No such quota root");
        }
        return updatesThen(List.of(quotaResponse(answer.value())), command.tag(), "GETQUOTA");
    }

    /** STORAGE counts units of 1024 octets; a unit begun counts as used. */
    private static String quotaResponse(StorageQuota quota) {
        return "* QUOTA " + "\"" + QUOTA_ROOT + "\"" + " (STORAGE " + kilobytes(quota.usedBytes()) + " " + kilobytes(quota.limitBytes()) + ")";
    }

    private static long kilobytes(long bytes) {
        return Math.ceilDiv(bytes, 1024);
    }

    /** The lines, then what changed in the selected mailbox and OK. */
    private Reply updatesThen(List<String> lines, String tag, String name) throws BackendUnavailableException {
        List<String> all = new ArrayList<>(lines);
        all.addAll(completed(tag, name, true).lines());
        return new Reply(all, false);
    }

    /** A folder deleted since STATUS found it frees nothing. */
    private long deletedStorage(String folder) throws BackendUnavailableException {
        MailboxAnswer<Long> answer = backend.call(mailbox -> mailbox.deletedSize(account, folder));
        return answer.refusedIt() ? 0 : kilobytes(answer.value());
    }

    /** OK, after telling the client what changed in the selected mailbox where the command allows it. */
    private Reply completed(String tag, String name, boolean expungesAllowed) throws BackendUnavailableException {
        return completed(tag, "", name, expungesAllowed);
    }

    /** @param code a response code with its brackets and a space after, or "" */
    private Reply completed(String tag, String code, String name, boolean expungesAllowed) throws BackendUnavailableException {
        List<String> lines = new ArrayList<>(updates(expungesAllowed));
        lines.add(tag + " OK " + code + name + " completed");
        return new Reply(lines, false);
    }

    private Reply append(ImapCommand.Append command) throws BackendUnavailableException {
        MessageBuffer message = appended;
        if (message == null || message.size() == 0) {
            return Reply.of(command.tag() + " BAD APPEND needs a message");
        }
        if (names != MailboxNames.UTF8) {
            try {
                if (hasEightBitHeader(message)) {
                    // RFC 6855 section 4: its header is not one this client may write
                    return Reply.of(command.tag() + " NO 8-bit header fields need ENABLE UTF8=ACCEPT");
                }
            } catch (IOException e) {
                return Reply.of(command.tag() + " NO [LIMIT] The server could not hold the message; try again later");
            }
        }
        MailboxAnswer<Transferred> answer = backend.call(mailbox -> mailbox.append(account, command.mailbox(),
                command.flags(), command.internalDate(), message));
        if (answer.refusedIt()) {
            return refusedTransfer(command.tag(), answer);
        }
        Transferred added = answer.value();
        return completed(command.tag(), "[APPENDUID " + added.uidValidity() + " " + added.uids()[0] + "] ", "APPEND", true);
    }

    /** Whether an octet of the message's header, up to the first empty line, has the high bit set. */
    private static boolean hasEightBitHeader(MessageBuffer message) throws IOException {
        try (InputStream in = new BufferedInputStream(message.open())) {
            int previous = -1;
            for (int octet = in.read(); octet >= 0; octet = in.read()) {
                if (octet >= 0x80) {
                    return true;
                }
                if (octet == '\n' && previous == '\n') {
                    return false;
                }
                if (octet != '\r') {
                    previous = octet;
                }
            }
            return false;
        }
    }

    private Reply copy(ImapCommand.Copy command) throws BackendUnavailableException {
        String name = (command.byUid() ? "UID " : "") + (command.move() ? "MOVE" : "COPY");
        if (command.move() && selected.readOnly) {
            return Reply.of(command.tag() + " NO [READ-ONLY] The mailbox is open read-only");
        }
        List<Integer> sequences = sequences(command.messages(), command.byUid());
        if (sequences == null) {
            return Reply.of(command.tag() + " BAD Invalid message sequence number");
        }
        if (sequences.isEmpty()) {
            return completed(command.tag(), name, command.byUid() || command.move());
        }
        List<Long> uids = sequences.stream().map(selected::uid).toList();
        MailboxAnswer<Transferred> answer = backend.call(mailbox -> mailbox.copy(account, selected.name, selected.uidValidity, uids,
                command.mailbox(), command.move()));
        if (answer.refusedIt()) {
            return refusedTransfer(command.tag(), answer);
        }
        Transferred copied = answer.value();
        String code = "[COPYUID " + copied.uidValidity() + " " + uidSet(copied.sourceUids()) + " " + uidSet(copied.uids()) + "] ";
        if (!command.move()) {
            return completed(command.tag(), code, name, command.byUid());
        }
        // RFC 6851: the COPYUID comes untagged, before the expunges of the moved messages.
        List<String> lines = new ArrayList<>();
        lines.add("* OK " + code + "Moved");
        lines.addAll(updates(true));
        lines.add(command.tag() + " OK " + name + " completed");
        return new Reply(lines, false);
    }

    private Reply search(ImapCommand.Search command) throws BackendUnavailableException {
        // IMAP4rev2 answers SEARCH with ESEARCH, as RETURN (ALL) (RFC 9051 section 6.4.4)
        Set<ImapCommand.SearchReturn> returns = command.returns() == null && rev2 ? Set.of(ImapCommand.SearchReturn.ALL) : command.returns();
        boolean saving = returns != null && returns.contains(ImapCommand.SearchReturn.SAVE);
        if (saving) {
            selected.save(new long[0]); // what a failed SEARCH leaves (RFC 5182 section 2.1)
        }
        SearchKey program;
        try {
            program = SearchParser.parse(command.program(), this::uidRanges);
        } catch (ImapArguments.SyntaxException e) {
            return Reply.of(command.tag() + " BAD " + e.getMessage());
        } catch (SearchParser.UnsupportedCharset e) {
            return Reply.of(command.tag() + " NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
        }
        boolean asksModseq = SearchParser.asksModseq(program);
        List<String> lines = new ArrayList<>(asksModseq ? condstoreEnabled() : List.of());
        MailboxAnswer<long[]> answer = backend.call(mailbox -> mailbox.search(account, selected.name, program));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        // a message the client has not been told of yet is not found
        long[] uids = Arrays.stream(answer.value()).filter(uid -> selected.sequence(uid) > 0).toArray();
        long[] found = command.byUid() ? uids : Arrays.stream(uids).map(selected::sequence).toArray();
        if (returns == null) {
            long modseq = asksModseq ? highestModseq(uids) : 0;
            lines.add("* SEARCH" + Arrays.stream(found).mapToObj(number -> " " + number).collect(Collectors.joining())
                    + (modseq > 0 ? " (MODSEQ " + modseq + ")" : ""));
        } else {
            if (saving) {
                selected.save(SearchResults.saved(returns, uids));
            }
            if (SearchResults.answered(returns)) {
                // RFC 4731 section 3.2: of the messages reported; MIN or MAX alone report those SAVE would keep
                long modseq = asksModseq ? highestModseq(SearchResults.saved(returns, uids)) : 0;
                lines.add(SearchResults.esearch(command.tag(), command.byUid(), returns, found, modseq));
            }
        }
        lines.addAll(updates(command.byUid()));
        lines.add(command.tag() + " OK " + (command.byUid() ? "UID SEARCH" : "SEARCH") + " completed");
        return new Reply(lines, false);
    }

    private Reply sort(ImapCommand.Sort command) throws BackendUnavailableException {
        return answerProgram(command.tag(), command.byUid() ? "UID SORT" : "SORT", command.byUid(), command.program(),
                program -> backend.call(mailbox -> mailbox.sort(account, selected.name, command.criteria(), program))
                        .map(uids -> "* SORT" + Arrays.stream(uids).map(uid -> number(uid, command.byUid())).filter(number -> number > 0)
                                .mapToObj(number -> " " + number).collect(Collectors.joining())));
    }

    private Reply thread(ImapCommand.ThreadMessages command) throws BackendUnavailableException {
        return answerProgram(command.tag(), command.byUid() ? "UID THREAD" : "THREAD", command.byUid(), command.program(),
                program -> backend.call(mailbox -> mailbox.thread(account, selected.name, command.algorithm(), program))
                        .map(threads -> ThreadResponses.response(threads, uid -> number(uid, command.byUid()))));
    }

    /** What SORT or THREAD asks the backend for the program, as the response line. */
    private interface ProgramCall {
        MailboxAnswer<String> response(SearchKey program) throws BackendUnavailableException;
    }

    /**
     * SORT and THREAD (RFC 5256): reads the charset and search program after what the command
     * parsed, then answers the backend's response line, then the updates, as SEARCH does.
     */
    private Reply answerProgram(String tag, String name, boolean byUid, ImapArguments arguments, ProgramCall call)
            throws BackendUnavailableException {
        SearchKey program;
        try {
            program = SearchParser.parseAfterCharset(arguments, this::uidRanges);
        } catch (ImapArguments.SyntaxException e) {
            return Reply.of(tag + " BAD " + e.getMessage());
        } catch (SearchParser.UnsupportedCharset e) {
            return Reply.of(tag + " NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
        }
        MailboxAnswer<String> answer = call.response(program);
        if (answer.refusedIt()) {
            return refused(tag, answer);
        }
        List<String> lines = new ArrayList<>();
        lines.add(answer.value());
        lines.addAll(updates(byUid));
        lines.add(tag + " OK " + name + " completed");
        return new Reply(lines, false);
    }

    /** The number the client knows a message by: its UID or sequence number; 0 if the client has not been told of it. */
    private long number(long uid, boolean byUid) {
        int sequence = selected.sequence(uid);
        return sequence == 0 ? 0 : byUid ? uid : sequence;
    }

    /**
     * The highest modseq of the messages with these UIDs (ascending), 0 for none. It is read after
     * the search: a message changed in between shows its new modseq, and the client hears of that
     * change in the updates.
     */
    private long highestModseq(long[] uids) throws BackendUnavailableException {
        if (uids.length == 0) {
            return 0;
        }
        MailboxAnswer<List<MessageMeta>> answer = backend.call(mailbox -> mailbox.messages(account, selected.name, uids[0],
                uids[uids.length - 1]));
        return answer.refusedIt() ? 0 : answer.value().stream().filter(meta -> Arrays.binarySearch(uids, meta.uid()) >= 0)
                .mapToLong(MessageMeta::modseq).max().orElse(0);
    }

    /** A message set in a search program, as the UIDs of the messages it names in this session. */
    private SearchKey uidRanges(SequenceSet set, boolean byUid) {
        if (set.isSaved()) {
            return new SearchKey.Uids(Arrays.stream(selected.savedUids()).mapToObj(uid -> new long[] {uid, uid}).toList());
        }
        if (byUid) {
            UidRanges uids = set.uids(selected.highestUid());
            List<long[]> ranges = new ArrayList<>();
            for (int i = 0; i < uids.rangeCount(); i++) {
                ranges.add(new long[] {uids.first(i), uids.last(i)});
            }
            return new SearchKey.Uids(ranges);
        }
        List<long[]> ranges = new ArrayList<>();
        for (int sequence = 1; sequence <= selected.count(); sequence++) {
            if (set.contains(sequence, selected.count())) {
                long uid = selected.uid(sequence);
                ranges.add(new long[] {uid, uid});
            }
        }
        return new SearchKey.Uids(ranges);
    }

    /** A target folder that does not exist gets TRYCREATE (RFC 9051 section 6.3.12, 6.4.7). */
    private Reply refusedTransfer(String tag, MailboxAnswer<?> answer) {
        if (answer.refusal().code() == MailboxAnswer.Code.NONEXISTENT) {
            return Reply.of(tag + " NO [TRYCREATE] " + answer.refusal().text());
        }
        return refused(tag, answer);
    }

    /** UIDs as a {@code uid-set}, runs of consecutive ones as ranges, in the order given (RFC 4315). */
    static String uidSet(long[] uids) {
        StringBuilder set = new StringBuilder();
        for (int i = 0; i < uids.length; i++) {
            int j = i;
            while (j + 1 < uids.length && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            set.append(set.isEmpty() ? "" : ",").append(uids[i]);
            if (j > i) {
                set.append(':').append(uids[j]);
            }
            i = j;
        }
        return set.toString();
    }

    private Reply simple(String tag, String name, Function<MailboxBackend, MailboxAnswer<?>> call)
            throws BackendUnavailableException {
        MailboxAnswer<?> answer = backend.call(call);
        return answer.refusedIt() ? refused(tag, answer) : completed(tag, name, true);
    }

    /**
     * CREATE, DELETE or RENAME, whose outcome is the name {@code result}. An IMAP4rev2 client that
     * supplied a denormalized name is told what it became (RFC 9051 sections 6.3.4 to 6.3.6): the
     * LIST response of {@code result}, {@code \NonExistent} once deleted, with the name it supplied
     * as OLDNAME.
     */
    private Reply nameChange(String tag, String name, String result, String denormalized,
                             Function<MailboxBackend, MailboxAnswer<?>> call) throws BackendUnavailableException {
        MailboxAnswer<?> answer = backend.call(call);
        if (answer.refusedIt()) {
            return refused(tag, answer);
        }
        List<String> lines = new ArrayList<>();
        if (rev2 && denormalized != null) {
            MailboxAnswer<List<FolderEntry>> folders = backend.call(mailbox -> mailbox.folders(account));
            if (!folders.refusedIt()) {
                FolderListing.Listed listed = FolderListing.exactly(result, folders.value(), names)
                        .orElseGet(() -> FolderListing.nonExistent(result, names));
                lines.add(listed.oldName(names.quoted(denormalized)).response());
            }
        }
        lines.addAll(completed(tag, name, true).lines());
        return new Reply(lines, false);
    }

    private Reply refused(String tag, MailboxAnswer<?> answer) {
        if (answer.refusal().code() == MailboxAnswer.Code.GONE) {
            changeSelected(null); // its UIDs now name nothing, or another folder's messages
            return Reply.of(tag + " NO [NONEXISTENT] " + answer.refusal().text());
        }
        return Reply.of(tag + " NO [" + answer.refusal().code().imap() + "] " + answer.refusal().text());
    }

    /** "Folder/" names the folder (RFC 9051 section 6.3.4: a trailing delimiter announces children). */
    private static String trimDelimiter(String name) {
        return name.length() > 1 && name.endsWith(DELIMITER) ? name.substring(0, name.length() - 1) : name;
    }

    private Reply select(ImapCommand.Select command) throws BackendUnavailableException {
        if (command.qresync() != null && !qresync) {
            return Reply.of(command.tag() + " BAD QRESYNC is not enabled"); // RFC 7162 section 3.2.5
        }
        List<String> lines = new ArrayList<>();
        if (selected != null && (rev2 || qresync)) {
            lines.add("* OK [CLOSED] Previous mailbox closed"); // RFC 9051 section 7.1, RFC 7162 section 3.2.11
        }
        changeSelected(null); // a failed SELECT leaves no mailbox selected (RFC 9051 section 6.3.2)
        condstore |= command.condstore();
        MailboxAnswer<SelectedFolder> answer = backend.call(mailbox -> mailbox.select(account, command.mailbox()));
        if (answer.refusedIt()) {
            lines.addAll(refused(command.tag(), answer).lines());
            return new Reply(lines, false);
        }
        SelectedFolder folder = answer.value();
        FolderStatus status = folder.status();
        changeSelected(new SelectedMailbox(folder.folderId(), status.name(), command.readOnly(), status.uidValidity(),
                folder.uids(), status.highestModseq()));
        lines.add("* FLAGS (" + SYSTEM_FLAGS + ")");
        lines.add("* OK [PERMANENTFLAGS (" + (command.readOnly() ? "" : SYSTEM_FLAGS + " \\*") + ")] Flags permitted");
        lines.add("* " + selected.count() + " EXISTS");
        if (rev2) {
            // RFC 9051 section 6.3.2 and Appendix E: a LIST response for the mailbox; RECENT and UNSEEN are gone
            MailboxAnswer<List<FolderEntry>> folders = backend.call(mailbox -> mailbox.folders(account));
            if (!folders.refusedIt()) {
                // a denormalized name supplied is told by OLDNAME (RFC 9051 section 6.3.2)
                FolderListing.exactly(status.name(), folders.value(), names)
                        .map(listed -> command.denormalized() == null ? listed : listed.oldName(names.quoted(command.denormalized())))
                        .ifPresent(listed -> lines.add(listed.response()));
            }
        } else {
            lines.add("* 0 RECENT");
            if (folder.firstUnseen() > 0) {
                lines.add("* OK [UNSEEN " + selected.sequence(folder.firstUnseen()) + "] First unseen");
            }
        }
        lines.add("* OK [UIDVALIDITY " + status.uidValidity() + "] UIDs valid");
        lines.add("* OK [UIDNEXT " + status.uidNext() + "] Predicted next UID");
        if (condstore) {
            lines.add(highestModseqResponse());
        }
        // RFC 7162 section 3.2.5: what the client knew is of no use with another UIDVALIDITY
        if (command.qresync() != null && command.qresync().uidValidity() == status.uidValidity()) {
            lines.addAll(resynchronisation(command.qresync()));
        }
        lines.add(command.tag() + " OK [" + (command.readOnly() ? "READ-ONLY" : "READ-WRITE") + "] "
                + (command.readOnly() ? "EXAMINE" : "SELECT") + " completed");
        return new Reply(lines, false);
    }

    /**
     * What changed in the selected mailbox since the client's modseq (RFC 7162 section 3.2.5.1):
     * the UIDs expunged since, then the flags of the messages changed since, both among the UIDs
     * the client said it knows.
     */
    private List<String> resynchronisation(ImapCommand.Qresync known) throws BackendUnavailableException {
        SelectedMailbox mailbox = selected;
        MailboxAnswer<FolderChanges> answer = backend.call(backendMailbox -> backendMailbox.changes(account, mailbox.name, known.modseq()));
        if (answer.refusedIt()) {
            return List.of();
        }
        FolderChanges changes = answer.value();
        UidRanges asked = known.knownUids() == null ? UidRanges.ALL : inUidSet(known.knownUids(), changes);
        // RFC 7162 section 3.2.5.2: where the client's message numbers still match, it has lost nothing below
        long matched = known.sequenceMatch() == null || changes.exact() ? 0
                : known.sequenceMatch().matchedUpTo(mailbox.count(), mailbox::uid);
        List<String> lines = new ArrayList<>(vanishedEarlier(changes, asked.intersect(UidRanges.range(matched + 1, Long.MAX_VALUE))));
        changes.changed().stream().sorted(Comparator.comparingLong(MessageMeta::uid))
                .filter(meta -> mailbox.sequence(meta.uid()) > 0 && asked.contains(meta.uid()))
                .forEach(meta -> lines.add(flagsFetch(mailbox.sequence(meta.uid()), meta, true, true)));
        return lines;
    }

    /** The UIDs of a set, {@code *} standing for the last UID the folder gave out: {@code 1:*} covers messages expunged at the end. */
    private static UidRanges inUidSet(SequenceSet uids, FolderChanges changes) {
        return uids.uids(changes.status().uidNext() - 1);
    }

    /**
     * {@code * VANISHED (EARLIER) uids} (RFC 7162 section 3.2.10) for the expunged UIDs asked about,
     * or nothing. One this session still numbers was expunged after it looked, and is told by the
     * updates as any other expunge. When the records of old expunges are pruned, the UIDs are all
     * those asked about that the folder no longer has (section 3.2.6): the client may hear of some
     * again, but of none too few.
     */
    private List<String> vanishedEarlier(FolderChanges changes, UidRanges asked) {
        UidRanges expunged = changes.expunged().intersect(asked);
        UidRanges vanished = expunged.without(UidRanges.of(selected.knownIn(expunged)));
        return vanished.isEmpty() ? List.of() : List.of("* VANISHED (EARLIER) " + vanished);
    }

    private Reply list(ImapCommand.ListMailboxes command) throws BackendUnavailableException {
        String name = command.subscribedOnly() ? "LSUB" : "LIST";
        if (command.patterns().equals(List.of(""))) {
            // The hierarchy delimiter and the root (RFC 9051 section 6.3.9).
            return Reply.of("* " + name + " (\\Noselect) \"" + DELIMITER + "\" \"\"", command.tag() + " OK " + name + " completed");
        }
        MailboxAnswer<List<FolderEntry>> answer = backend.call(mailbox -> mailbox.folders(account));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        List<String> items = command.options().statusItems();
        List<String> lines = new ArrayList<>(asksModseq(items) ? condstoreEnabled() : List.of());
        String nonExistent = command.options().extended() || rev2 ? "\\NonExistent" : "\\Noselect";
        for (FolderListing.Listed listed : FolderListing.list(command, answer.value(), names, nonExistent)) {
            if (items.isEmpty() || !listed.selectable()) {
                lines.add(listed.response());
            } else {
                lines.addAll(listWithStatus(listed, items));
            }
        }
        lines.add(command.tag() + " OK " + name + " completed");
        return new Reply(lines, false);
    }

    /**
     * LIST-STATUS (RFC 9051 section 6.3.9.2, RFC 5819 section 2): a mailbox's LIST response, then
     * its STATUS response. The status is looked up first: a mailbox whose status cannot be had
     * (deleted or closed to the account since it was listed) is listed {@code \Noselect}, without
     * STATUS; when the backend cannot be reached, the STATUS response alone is left out.
     */
    private List<String> listWithStatus(FolderListing.Listed listed, List<String> items) {
        String statusResponse;
        try {
            MailboxAnswer<FolderStatus> status = backend.call(mailbox -> mailbox.status(account, listed.name()));
            statusResponse = status.refusedIt() ? null : statusResponse(status.value(), items);
        } catch (BackendUnavailableException e) {
            LOG.fine(() -> "Mailward IMAP left out the STATUS of " + listed.name() + " in a LIST: " + e.getMessage());
            return List.of(listed.response());
        }
        return statusResponse == null ? List.of(listed.noSelect().response()) : List.of(listed.response(), statusResponse);
    }

    private Reply status(ImapCommand.Status command) throws BackendUnavailableException {
        MailboxAnswer<FolderStatus> answer = backend.call(mailbox -> mailbox.status(account, command.mailbox()));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        List<String> lines = new ArrayList<>(asksModseq(command.items()) ? condstoreEnabled() : List.of());
        lines.addAll(updates(true));
        lines.add(statusResponse(answer.value(), command.items()));
        lines.add(command.tag() + " OK STATUS completed");
        return new Reply(lines, false);
    }

    /** {@code * STATUS name (item value ...)} (RFC 9051 section 7.3.2) for STATUS and LIST-STATUS; the parser checked the items. */
    private String statusResponse(FolderStatus status, List<String> items) throws BackendUnavailableException {
        List<String> values = new ArrayList<>();
        for (String item : items) {
            long value = switch (item) {
                case "MESSAGES" -> status.messages();
                case "UIDNEXT" -> status.uidNext();
                case "UIDVALIDITY" -> status.uidValidity();
                case "UNSEEN" -> status.unseen();
                case "RECENT" -> 0;
                case "SIZE" -> status.size();
                case "DELETED" -> deletedCount(status.name());
                // RFC 9208 section 5.1: a server with the STORAGE resource reports what an EXPUNGE would free.
                case "DELETED-STORAGE" -> deletedStorage(status.name());
                case "HIGHESTMODSEQ" -> status.highestModseq();
                default -> throw new IllegalArgumentException("not a STATUS item: " + item);
            };
            values.add(item + " " + value);
        }
        return "* STATUS " + names.quoted(status.name()) + " (" + String.join(" ", values) + ")";
    }

    /** STATUS HIGHESTMODSEQ, in STATUS or LIST-STATUS, turns CONDSTORE on (RFC 7162 section 3.1). */
    private static boolean asksModseq(List<String> statusItems) {
        return statusItems.contains("HIGHESTMODSEQ");
    }

    /** STATUS DELETED (RFC 9051 section 6.3.11): the folder keeps no count of \Deleted messages, so they are searched for. */
    private long deletedCount(String folder) throws BackendUnavailableException {
        MailboxAnswer<long[]> deleted = backend.call(mailbox -> mailbox.search(account, folder, new SearchKey.Flag("\\Deleted", true)));
        return deleted.refusedIt() ? 0 : deleted.value().length;
    }

    private Reply close(String tag) throws BackendUnavailableException {
        SelectedMailbox closing = selected;
        changeSelected(null);
        if (!closing.readOnly) {
            MailboxAnswer<List<Long>> answer = backend.call(mailbox -> mailbox.expunge(account, closing.name, closing.uidValidity, null));
            if (answer.refusedIt()) {
                return refused(tag, answer);
            }
        }
        return Reply.of(tag + " OK CLOSE completed");
    }

    private Reply expunge(ImapCommand.Expunge command) throws BackendUnavailableException {
        if (selected.readOnly) {
            return Reply.of(command.tag() + " NO [READ-ONLY] The mailbox is open read-only");
        }
        List<Long> uids = command.uids() == null ? null : uids(command.uids(), true);
        MailboxAnswer<List<Long>> answer = backend.call(mailbox -> mailbox.expunge(account, selected.name, selected.uidValidity, uids));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        // The updates report these expunges, with any made by other sessions.
        return completed(command.tag(), command.uids() == null ? "EXPUNGE" : "UID EXPUNGE", true);
    }

    private Reply fetch(ImapCommand.Fetch command) throws BackendUnavailableException {
        if (command.vanished() && !qresync) {
            return Reply.of(command.tag() + " BAD QRESYNC is not enabled"); // RFC 7162 section 3.2.6
        }
        List<FetchItem> items = command.items();
        boolean asksModseq = items.stream().anyMatch(FetchItem.Modseq.class::isInstance);
        if (command.changedSince() != null && !asksModseq) {
            items = new ArrayList<>(items);
            items.add(new FetchItem.Modseq()); // CHANGEDSINCE implies MODSEQ (RFC 7162 section 3.1.4)
        }
        List<String> updates = new ArrayList<>(asksModseq || command.changedSince() != null ? condstoreEnabled() : List.of());
        // The updates are written before the FETCH responses, so the messages are numbered after them.
        updates.addAll(updates(command.byUid()));
        List<Integer> sequences = sequences(command.messages(), command.byUid());
        if (sequences == null) {
            List<String> lines = new ArrayList<>(updates);
            lines.add(command.tag() + " BAD Invalid message sequence number");
            return new Reply(lines, false);
        }
        if (command.vanished()) {
            updates.addAll(vanishedSince(command.messages(), command.changedSince()));
        }
        List<String> parts = shapeParts(items);
        Map<Long, MessageShape> binaryShapes = null;
        if (parts != null && items.stream().anyMatch(ImapSession::decodesPart)) {
            // UNKNOWN-CTE refuses the whole command (RFC 3516 section 4.2): the parts' encodings are checked first.
            try {
                binaryShapes = shapes(sequences.stream().map(selected::uid).toList(), parts);
            } catch (FetchResponses.Refused refused) {
                List<String> lines = new ArrayList<>(updates);
                lines.add(command.tag() + " NO " + refused.getMessage());
                return new Reply(lines, false);
            }
            if (!decodable(items, binaryShapes.values())) {
                List<String> lines = new ArrayList<>(updates);
                lines.add(command.tag() + " NO [UNKNOWN-CTE] A part asked for in BINARY has a transfer encoding this server cannot decode");
                return new Reply(lines, false);
            }
        }
        Map<Long, MessageShape> knownShapes = binaryShapes;
        List<FetchItem> asked = items;
        FetchResponses.Batch batch = chunk -> fetchTargets(chunk, asked, command.changedSince(), parts, knownShapes);
        String completion = command.tag() + " OK " + (command.byUid() ? "UID FETCH" : "FETCH") + " completed";
        return new Reply(updates, false, null,
                new FetchResponses(sequences, batch, items, command.byUid(), condstore, completion));
    }

    /**
     * One batch of a FETCH: the messages' data, \Seen set where a body is read, and their structures
     * where the items need them. A message expunged by another session meanwhile has nothing left
     * to send and is left out.
     */
    private List<FetchResponses.Target> fetchTargets(List<Integer> sequences, List<FetchItem> items, Long changedSince,
                                                     List<String> parts, Map<Long, MessageShape> knownShapes)
            throws BackendUnavailableException, FetchResponses.Refused {
        Map<Long, MessageMeta> metas = metas(sequences);
        if (changedSince != null) {
            metas.values().removeIf(meta -> meta.modseq() <= changedSince);
        }
        // Before \Seen is set: a refused read must leave the messages unread.
        Map<Long, MessageShape> shapes = parts == null ? null
                : knownShapes != null ? knownShapes : shapes(List.copyOf(metas.keySet()), parts);
        Set<Long> markSeen = new HashSet<>();
        if (!selected.readOnly && items.stream().anyMatch(item -> item instanceof FetchItem.Section section && section.marksSeen())) {
            for (MessageMeta meta : metas.values()) {
                if (!meta.flags().contains(SEEN)) {
                    markSeen.add(meta.uid());
                }
            }
            if (!markSeen.isEmpty()) {
                MailboxAnswer<FlagsStored> marked = backend.call(mailbox -> mailbox.store(account, selected.name, selected.uidValidity,
                        List.copyOf(markSeen), FlagChange.ADD, List.of(SEEN), FlagsStored.UNCONDITIONAL));
                if (!marked.refusedIt()) {
                    for (MessageMeta meta : marked.value().changed()) {
                        // the body stays the listing's: STORE's answer would look each message up again
                        metas.computeIfPresent(meta.uid(), (uid, listed) -> listed.withFlagsOf(meta));
                        selected.changedHere(meta.uid(), meta.modseq());
                    }
                }
            }
        }
        List<FetchResponses.Target> targets = new ArrayList<>();
        for (int sequence : sequences) {
            MessageMeta meta = metas.get(selected.uid(sequence));
            if (meta != null && (shapes == null || shapes.containsKey(meta.uid()))) {
                targets.add(new FetchResponses.Target(sequence, meta, markSeen.contains(meta.uid()),
                        shapes == null ? null : shapes.get(meta.uid())));
            }
        }
        return targets;
    }

    /** UID FETCH's VANISHED modifier (RFC 7162 section 3.2.6): the UIDs of the set expunged after CHANGEDSINCE. */
    private List<String> vanishedSince(SequenceSet uids, long changedSince) throws BackendUnavailableException {
        MailboxAnswer<FolderChanges> answer = backend.call(mailbox -> mailbox.changes(account, selected.name, changedSince));
        return answer.refusedIt() ? List.of() : vanishedEarlier(answer.value(), inUidSet(uids, answer.value()));
    }

    /** Whether the item undoes a part's transfer encoding: BINARY or BINARY.SIZE of a numbered part. */
    private static boolean decodesPart(FetchItem item) {
        return item instanceof FetchItem.Section section && section.part() == FetchItem.Part.BINARY && !section.path().isEmpty()
                || item instanceof FetchItem.BinarySize size && !size.path().isEmpty();
    }

    /** Whether the transfer encodings of the parts that BINARY items ask for are ones the server decodes (RFC 3516 section 4.2). */
    private static boolean decodable(List<FetchItem> items, Collection<MessageShape> shapes) {
        List<String> paths = items.stream().map(item -> switch (item) {
            case FetchItem.Section section when section.part() == FetchItem.Part.BINARY -> section.path();
            case FetchItem.BinarySize size -> size.path();
            default -> "";
        }).filter(path -> !path.isEmpty()).toList();
        return shapes.stream().allMatch(shape -> paths.stream()
                .allMatch(path -> !shape.encodings().containsKey(path) || TransferDecoding.isKnown(shape.encodings().get(path))));
    }

    /** The body parts whose ranges the items need, when they need the structures (ENVELOPE, BODY, BODYSTRUCTURE, numbered parts); else null. */
    private static List<String> shapeParts(List<FetchItem> items) {
        List<String> parts = new ArrayList<>();
        boolean needed = false;
        for (FetchItem item : items) {
            if (item instanceof FetchItem.Envelope || item instanceof FetchItem.Structure) {
                needed = true;
            } else if (item instanceof FetchItem.Section section && !section.path().isEmpty()) {
                needed = true;
                parts.add(section.path());
            } else if (item instanceof FetchItem.BinarySize size && !size.path().isEmpty()) {
                needed = true;
                parts.add(size.path());
            }
        }
        return needed ? parts : null;
    }

    private Map<Long, MessageShape> shapes(List<Long> uids, List<String> parts) throws BackendUnavailableException, FetchResponses.Refused {
        if (uids.isEmpty()) {
            return Map.of();
        }
        boolean utf8 = names == MailboxNames.UTF8; // enabled by UTF8=ACCEPT or IMAP4rev2 alike
        MailboxAnswer<Map<Long, MessageShape>> answer = backend.call(mailbox -> mailbox.shapes(account, selected.name,
                List.copyOf(uids), List.copyOf(parts), utf8));
        if (answer.refusedIt()) {
            throw new FetchResponses.Refused("[" + answer.refusal().code() + "] " + answer.refusal().text());
        }
        return answer.value();
    }

    private Reply store(ImapCommand.Store command) throws BackendUnavailableException {
        if (selected.readOnly) {
            return Reply.of(command.tag() + " NO [READ-ONLY] The mailbox is open read-only");
        }
        List<Integer> sequences = sequences(command.messages(), command.byUid());
        if (sequences == null) {
            return Reply.of(command.tag() + " BAD Invalid message sequence number");
        }
        List<String> lines = new ArrayList<>(command.unchangedSince() == null ? List.of() : condstoreEnabled());
        List<Long> uids = sequences.stream().map(selected::uid).toList();
        long unchangedSince = command.unchangedSince() == null ? FlagsStored.UNCONDITIONAL : command.unchangedSince();
        MailboxAnswer<FlagsStored> answer = backend.call(mailbox -> mailbox.store(account, selected.name, selected.uidValidity, uids,
                command.change(), command.flags(), unchangedSince));
        if (answer.refusedIt()) {
            return refused(command.tag(), answer);
        }
        FlagsStored stored = answer.value();
        stored.changed().forEach(meta -> selected.changedHere(meta.uid(), meta.modseq()));
        // RFC 7162 section 3.1.3: a client that uses modseqs learns each change's modseq, even after .SILENT
        if (!command.silent() || condstore) {
            for (MessageMeta meta : stored.changed()) {
                int sequence = selected.sequence(meta.uid());
                if (sequence > 0) {
                    lines.add(flagsFetch(sequence, meta, !command.silent(), command.byUid()));
                }
            }
        }
        long[] modified = stored.modified().stream().mapToLong(uid -> command.byUid() ? uid : selected.sequence(uid))
                .filter(number -> number > 0).toArray();
        lines.addAll(updates(command.byUid()));
        lines.add(command.tag() + " OK " + (modified.length == 0 ? "" : "[MODIFIED " + uidSet(modified) + "] ")
                + (command.byUid() ? "UID STORE" : "STORE") + " completed");
        return new Reply(lines, false);
    }

    /**
     * An untagged FETCH that tells of a flag change: the flags (unless a STORE was silent), the UID
     * where the client asked by UID, and the modseq once the client uses modseqs (RFC 7162 section 3.1).
     */
    private String flagsFetch(int sequence, MessageMeta meta, boolean withFlags, boolean withUid) {
        List<String> items = new ArrayList<>();
        if (withFlags) {
            items.add("FLAGS " + FetchResponses.flagList(meta.flags()));
        }
        if (withUid) {
            items.add("UID " + meta.uid());
        }
        if (condstore) {
            items.add(FetchResponses.modseqItem(meta));
        }
        return "* " + sequence + " FETCH (" + String.join(" ", items) + ")";
    }

    /**
     * The sequence numbers a set names, ascending: for UIDs, those of known messages (unknown UIDs
     * are ignored); for sequence numbers, null if one is beyond the mailbox (BAD).
     */
    private List<Integer> sequences(SequenceSet set, boolean byUid) {
        if (set.isSaved()) {
            // RFC 5182 section 2.1: those of the saved messages still here, whichever numbering the command uses
            return Arrays.stream(selected.savedUids()).mapToInt(selected::sequence).filter(sequence -> sequence > 0).boxed().toList();
        }
        List<Integer> sequences = new ArrayList<>();
        if (byUid) {
            long highest = selected.highestUid();
            for (int sequence = 1; sequence <= selected.count(); sequence++) {
                if (set.contains(selected.uid(sequence), highest)) {
                    sequences.add(sequence);
                }
            }
            return sequences;
        }
        long[] bounds = set.bounds(selected.count());
        if (bounds[0] < 1 || bounds[1] > selected.count()) {
            return null;
        }
        for (int sequence = (int) bounds[0]; sequence <= bounds[1]; sequence++) {
            if (set.contains(sequence, selected.count())) {
                sequences.add(sequence);
            }
        }
        return sequences;
    }

    private List<Long> uids(SequenceSet set, boolean byUid) {
        List<Integer> sequences = sequences(set, byUid);
        return sequences == null ? List.of() : sequences.stream().map(selected::uid).toList();
    }

    /** The messages' data by UID; a refusal (the account was disabled, the folder deleted) ends the FETCH with its NO. */
    /**
     * The metadata of the messages {@code sequences} names (ascending), by UID; those gone are left
     * out. A sparse set such as {@code 1,100000} is listed run by run, so that a FETCH never lists
     * more than a few messages for each one it names.
     */
    private Map<Long, MessageMeta> metas(List<Integer> sequences) throws BackendUnavailableException, FetchResponses.Refused {
        Map<Long, MessageMeta> metas = new HashMap<>();
        if (sequences.isEmpty()) {
            return metas;
        }
        boolean sparse = sequences.getLast() - sequences.getFirst() + 1 > SPARSE * sequences.size();
        int start = 0;
        for (int i = 1; i <= sequences.size(); i++) {
            boolean runEnds = i == sequences.size() || sparse && sequences.get(i) != sequences.get(i - 1) + 1;
            if (runEnds) {
                Map<Long, MessageMeta> listed = listing(sequences.get(start), sequences.get(i - 1), !sparse);
                for (int sequence : sequences.subList(start, i)) {
                    MessageMeta meta = listed.get(selected.uid(sequence));
                    if (meta != null) {
                        metas.put(meta.uid(), meta);
                    }
                }
                start = i;
            }
        }
        return metas;
    }

    /**
     * The messages from sequence {@code first} to {@code last}, by UID. A small range is listed with
     * the messages after it, up to {@link #LISTING_AHEAD}, when {@code mayListAhead}, and the listing
     * kept while the folder does not change: a client that downloads messages one command each
     * (offline sync, a phone opening mail) then costs one backend call per {@link #LISTING_AHEAD}
     * messages (ADR 0032).
     */
    private Map<Long, MessageMeta> listing(int first, int last, boolean mayListAhead)
            throws BackendUnavailableException, FetchResponses.Refused {
        long from = selected.uid(first);
        Map<Long, MessageMeta> kept = selected.listed(from, selected.uid(last));
        if (kept != null) {
            return kept;
        }
        boolean ahead = mayListAhead && last - first < LISTING_AHEAD;
        long to = selected.uid(ahead ? Math.min(selected.count(), first + LISTING_AHEAD - 1) : last);
        long generation = MailboxWatch.generation(selected.folderId);
        MailboxAnswer<List<MessageMeta>> answer = backend.call(mailbox -> mailbox.messages(account, selected.name, from, to));
        if (answer.refusedIt()) {
            throw new FetchResponses.Refused("[" + answer.refusal().code() + "] " + answer.refusal().text());
        }
        Map<Long, MessageMeta> listed = new HashMap<>();
        answer.value().forEach(meta -> listed.put(meta.uid(), meta));
        if (ahead) {
            selected.keepListing(from, to, listed, generation);
        }
        return listed;
    }

    /**
     * Untagged responses for what changed in the selected mailbox since the client was last told:
     * EXPUNGE (where the command allows it; otherwise nothing is told yet), EXISTS, FETCH FLAGS.
     */
    private List<String> updates(boolean expungesAllowed) throws BackendUnavailableException {
        if (selected == null || !expungesAllowed || !selected.lookNeeded()) {
            return List.of();
        }
        SelectedMailbox mailbox = selected;
        mailbox.looking();
        MailboxAnswer<FolderChanges> answer;
        try {
            answer = SharedLooks.changes(mailbox.folderId, mailbox.modseq(),
                    () -> backend.call(backendMailbox -> backendMailbox.changes(account, mailbox.name, mailbox.modseq())));
        } catch (BackendUnavailableException | RuntimeException e) {
            mailbox.lookAgain(); // what was heard is still to be told
            throw e;
        }
        if (answer.refusedIt() || answer.value().status().uidValidity() != mailbox.uidValidity) {
            // refused, or the name now names another folder: the session's writes will find its folder gone
            mailbox.lookAgain();
            return List.of();
        }
        FolderChanges changes = answer.value();
        List<String> lines = new ArrayList<>();
        // Only what this session numbers: the UIDs may be all a folder no longer has (FolderChanges.exact)
        long[] expunged = mailbox.knownIn(changes.expunged());
        for (int i = expunged.length - 1; i >= 0; i--) { // from the highest number down: each leaves the lower ones as they are
            int sequence = mailbox.sequence(expunged[i]);
            mailbox.expunged(sequence);
            if (!qresync) {
                lines.add("* " + sequence + " EXPUNGE");
            }
        }
        if (qresync && expunged.length > 0) {
            // RFC 7162 section 3.2.10: a QRESYNC client is told by UID, in one response
            lines.add("* VANISHED " + uidSet(expunged));
        }
        int known = mailbox.count();
        long highestKnown = mailbox.highestUid();
        List<MessageMeta> changed = new ArrayList<>(changes.changed());
        changed.sort(Comparator.comparingLong(MessageMeta::uid));
        for (MessageMeta meta : changed) {
            if (meta.uid() > mailbox.highestUid()) {
                mailbox.added(meta.uid());
            }
        }
        if (mailbox.count() != known) {
            lines.add("* " + mailbox.count() + " EXISTS");
        }
        for (MessageMeta meta : changed) {
            int sequence = mailbox.sequence(meta.uid());
            if (meta.uid() <= highestKnown && sequence > 0 && mailbox.isNews(meta.uid(), meta.modseq())) {
                lines.add(flagsFetch(sequence, meta, true, qresync)); // a QRESYNC client keeps its cache by UID
            }
        }
        mailbox.toldUpTo(changes.status().highestModseq());
        return lines;
    }

    private String capabilities() {
        if (login.authenticated()) {
            return "IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN SPECIAL-USE STATUS=SIZE UIDPLUS MOVE"
                    + " UTF8=ACCEPT ESEARCH SEARCHRES LIST-EXTENDED LIST-STATUS CREATE-SPECIAL-USE BINARY CONDSTORE QRESYNC"
                    + " SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES"
                    + " APPENDLIMIT=" + limits.maxAppendBytes() + " QUOTA QUOTA=RES-STORAGE" + (compressed ? "" : " COMPRESS=DEFLATE");
        }
        String startTls = startTlsAvailable && !connection.tls() ? " STARTTLS" : "";
        return "IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE" + startTls
                + (login.permitted() ? " SASL-IR AUTH=PLAIN" : " SASL-IR LOGINDISABLED");
    }

    private Reply login(ImapCommand.Login command) throws BackendUnavailableException {
        if (!mayLogIn()) {
            return refusal(command.tag());
        }
        return verify(command.tag(), "LOGIN", new Credentials(command.username(), command.password()));
    }

    private Reply authenticate(ImapCommand.Authenticate command) throws BackendUnavailableException {
        if (!mayLogIn()) {
            return refusal(command.tag());
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of(command.tag() + " NO [CANNOT] Unsupported authentication mechanism");
        }
        PendingAuthentication authentication = new PendingAuthentication(command.tag(), exchange.get());
        return authenticationStep(authentication, exchange.get().start(command.initialResponse()));
    }

    private boolean mayLogIn() {
        return login.permitted() && !login.authenticated();
    }

    private Reply refusal(String tag) {
        return login.authenticated()
                ? Reply.of(tag + " BAD Already authenticated")
                : Reply.of(tag + " NO [PRIVACYREQUIRED] Login requires a TLS connection");
    }

    private Reply authenticationStep(PendingAuthentication authentication, SaslStep step) throws BackendUnavailableException {
        String tag = authentication.tag();
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = authentication;
                yield Reply.of("+ " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(tag, "AUTHENTICATE", verify.credentials());
            case SaslStep.Cancelled cancelled -> Reply.of(tag + " BAD Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of(tag + " BAD Invalid base64");
            case SaslStep.Malformed malformed -> Reply.of(tag + " NO [AUTHENTICATIONFAILED] Malformed credentials");
            case SaslStep.OtherIdentity other -> Reply.of(tag + " NO [AUTHORIZATIONFAILED] Proxy authorization is not supported");
        };
    }

    private Reply verify(String tag, String command, Credentials credentials) throws BackendUnavailableException {
        LoginResult result = login.login(credentials);
        return switch (result.outcome()) {
            case SUCCESS -> {
                if (!accounts.enter(result.account(), limits.maxConnectionsPerAccount())) {
                    login.revoke();
                    LOG.info(() -> "Mailward " + connection.listener() + " refused a session of " + result.account()
                            + ": over imap.max-connections-per-account");
                    yield Reply.of(tag + " NO [LIMIT] Too many connections for this account");
                }
                account = result.account();
                yield Reply.of(tag + " OK [CAPABILITY " + capabilities() + "] " + command + " completed");
            }
            case FAILED -> Reply.of(tag + " NO [AUTHENTICATIONFAILED] " + result.text());
            // RFC 5530: the password was right, the administrator has to enable the service.
            case DENIED -> Reply.of(tag + " NO [CONTACTADMIN] " + result.text());
            case UNAVAILABLE -> Reply.of(tag + " NO [UNAVAILABLE] " + result.text());
            case BLOCKED -> Reply.closing("* BYE " + result.text(), tag + " NO " + result.text());
        };
    }

    @Override
    public synchronized Reply lineTooLong() {
        return countingBad(tooLong("*"));
    }

    /** A new command's own tag answers it (RFC 9051 section 7.1.3 keeps "*" for a command that cannot be told). */
    @Override
    public synchronized Reply lineTooLong(String beginning) {
        return countingBad(tooLong(TAG.matcher(beginning).lookingAt() ? tagOf(beginning) : "*"));
    }

    private Reply tooLong(String newCommandTag) {
        if (command != null) {
            String tag = tagOf(command.toString());
            abandonCommand();
            return Reply.of(tag + " BAD Line too long");
        }
        if (idling != null) {
            Idling ended = idling;
            idling = null;
            ended.stopWatching();
            return Reply.of(ended.tag() + " BAD Line too long");
        }
        if (pending != null) {
            String tag = pending.tag();
            pending = null;
            return Reply.of(tag + " BAD Line too long");
        }
        return Reply.of(newCommandTag + " BAD Line too long");
    }

    /** Drops a client that gets BAD after BAD: it does not speak IMAP, or not this server's. */
    private Reply countingBad(Reply reply) {
        if (reply.lines().stream().noneMatch(ImapSession::isBad)) {
            badCommands = 0;
            return reply;
        }
        badCommands++;
        if (reply.close() || badCommands <= limits.maxBadCommands()) {
            return reply;
        }
        LOG.info(() -> "Mailward " + connection.listener() + " dropped " + connection.remote().getAddress().getHostAddress()
                + " after " + badCommands + " invalid commands in a row");
        List<String> lines = new ArrayList<>(reply.lines());
        lines.add("* BYE Too many invalid commands");
        return new Reply(lines, true);
    }

    /** A BAD response, tagged or not: its second word is BAD. */
    private static boolean isBad(String line) {
        int space = line.indexOf(' ');
        return space > 0 && line.startsWith("BAD ", space + 1);
    }

    @Override
    public String idleTimeout() {
        return "* BYE Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "* BYE " + reason;
    }

    @Override
    public String tooManyConnections() {
        return "* BYE [UNAVAILABLE] Too many connections; try again later";
    }
}
