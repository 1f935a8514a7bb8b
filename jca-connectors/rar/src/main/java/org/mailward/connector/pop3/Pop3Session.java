package org.mailward.connector.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.logging.Logger;

import org.mailward.connector.auth.Credentials;
import org.mailward.connector.auth.LoginGate;
import org.mailward.connector.auth.SaslExchange;
import org.mailward.connector.auth.SaslStep;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.FlagsStored;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.Maildrop;
import org.mailward.connector.spi.mailbox.MessageMeta;

/**
 * One POP3 conversation (RFC 1939): the AUTHORIZATION state with USER/PASS, AUTH PLAIN (RFC 5034)
 * and STLS (RFC 2595); the TRANSACTION state on the INBOX as it was at login; and the UPDATE
 * state at QUIT, where the messages marked with DELE are removed, all in one backend call. A
 * connection that ends any other way removes nothing. Failures carry the response codes of RFC
 * 2449 and RFC 3206 ({@code [AUTH]}, {@code [SYS/TEMP]}).
 */
public final class Pop3Session implements ProtocolSession {

    private static final Logger LOG = Logger.getLogger(Pop3Session.class.getName());
    private static final Set<SaslExchange.Mechanism> MECHANISMS = Set.of(SaslExchange.Mechanism.PLAIN);
    private static final String INBOX = "INBOX";
    private static final String SEEN = "\\Seen";
    /**
     * RFC 1939 section 3: an inactivity autologout timer must allow at least 10 minutes. It is
     * the logged-in session's; before login the listener's shorter idle timeout applies.
     */
    private static final Duration AUTOLOGOUT = Duration.ofMinutes(10);

    private final EndpointInvoker<MailboxBackend> backend;
    private final boolean startTlsAvailable;
    private final LoginGate login;
    private ConnectionInfo connection;
    private Greeting greeting;
    private String user; // after USER, until PASS
    private SaslExchange pending; // an AUTH waiting for the client's next line
    private Maildrop maildrop; // the TRANSACTION state's INBOX, from login on
    private final BitSet deleted = new BitSet(); // by message number

    public Pop3Session(EndpointInvoker<MailboxBackend> backend, boolean startTlsAvailable) {
        this.backend = backend;
        this.startTlsAvailable = startTlsAvailable;
        this.login = new LoginGate("pop3", request -> backend.call(mailbox -> mailbox.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo newConnection) throws BackendUnavailableException {
        Greeting welcome = backend.call(mailbox -> mailbox.greet(newConnection)).greeting();
        if (!welcome.accepted()) {
            return Reply.closing("-ERR " + welcome.text());
        }
        connection = newConnection;
        greeting = welcome;
        login.open(newConnection, welcome);
        return Reply.of("+OK " + welcome.text());
    }

    /** RFC 2595 section 4: the client starts again in the AUTHORIZATION state and asks CAPA anew. */
    @Override
    public Reply tlsStarted(ConnectionInfo secured) {
        connection = secured;
        user = null; // nothing said in plaintext carries over
        pending = null;
        login.open(secured, greeting);
        return Reply.of();
    }

    @Override
    public Duration commandTimeout() {
        return maildrop == null ? null : AUTOLOGOUT;
    }

    @Override
    public Reply handle(String line) throws BackendUnavailableException {
        if (pending != null) {
            SaslExchange exchange = pending;
            pending = null;
            return saslStep(exchange, exchange.respond(line));
        }
        Pop3Command command = Pop3Command.parse(line);
        return switch (command) {
            case Pop3Command.Quit quit -> maildrop == null ? Reply.closing("+OK Mailward POP3 server signing off") : update();
            case Pop3Command.Noop noop -> Reply.of("+OK");
            case Pop3Command.Capa capa -> capabilities();
            case Pop3Command.Stls stls -> startTls();
            case Pop3Command.User given -> mayLogIn() ? user(given.name()) : refusal();
            case Pop3Command.Pass given -> mayLogIn() ? pass(given.password()) : refusal();
            case Pop3Command.Auth given -> mayLogIn() ? auth(given) : refusal();
            case Pop3Command.Malformed malformed -> Reply.of("-ERR " + malformed.reason());
            case Pop3Command.Unknown unknown -> Reply.of("-ERR Unknown command");
            default -> maildrop == null ? Reply.of("-ERR Log in first") : transaction(command);
        };
    }

    private Reply capabilities() {
        List<String> lines = new ArrayList<>(List.of("+OK Capability list follows"));
        if (startTlsAvailable && !connection.tls() && !login.authenticated()) {
            lines.add("STLS");
        }
        if (mayLogIn()) {
            lines.addAll(List.of("USER", "SASL PLAIN"));
        }
        lines.addAll(List.of("TOP", "UIDL", "PIPELINING", "EXPIRE NEVER", "RESP-CODES", "AUTH-RESP-CODE",
                "IMPLEMENTATION Mailward", "."));
        return new Reply(lines, false);
    }

    private Reply startTls() {
        if (!startTlsAvailable || connection.tls()) {
            return Reply.of("-ERR STLS is not available on this connection");
        }
        if (login.authenticated()) {
            return Reply.of("-ERR Already logged in");
        }
        return Reply.then(new Reply.StartTls(), "+OK Begin TLS negotiation");
    }

    /** The commands of the TRANSACTION state (RFC 1939 section 5). */
    private Reply transaction(Pop3Command command) throws BackendUnavailableException {
        return switch (command) {
            case Pop3Command.Stat stat -> Reply.of("+OK " + count() + " " + octets());
            case Pop3Command.Scan scan -> scan.message() == 0 ? everyMessage("scan listing", this::size)
                    : oneMessage(scan.message(), number -> "+OK " + number + " " + size(number));
            case Pop3Command.Uidl uidl -> uidl.message() == 0 ? everyMessage("unique-id listing", this::uniqueId)
                    : oneMessage(uidl.message(), number -> "+OK " + number + " " + uniqueId(number));
            case Pop3Command.Retr retr -> retrieve(retr.message(), MultiLineMessage.WHOLE_BODY);
            case Pop3Command.Top top -> retrieve(top.message(), top.lines());
            case Pop3Command.Dele dele -> oneMessage(dele.message(), number -> {
                deleted.set(number);
                return "+OK Message " + number + " deleted";
            });
            case Pop3Command.Rset rset -> {
                deleted.clear();
                yield Reply.of("+OK Maildrop has " + count() + " messages (" + octets() + " octets)");
            }
            default -> throw new IllegalStateException("Not a TRANSACTION command: " + command);
        };
    }

    /** Messages not marked deleted. */
    private int count() {
        return maildrop.uids().length - deleted.cardinality();
    }

    private long octets() {
        long total = 0;
        for (int number = 1; number <= maildrop.uids().length; number++) {
            total += deleted.get(number) ? 0 : size(number);
        }
        return total;
    }

    private long size(int number) {
        return maildrop.sizes()[number - 1];
    }

    private long uid(int number) {
        return maildrop.uids()[number - 1];
    }

    /** Stable for as long as the message stays in INBOX: its UID and INBOX's UIDVALIDITY, as Dovecot's default. */
    private String uniqueId(int number) {
        return String.format(Locale.ROOT, "%08X%08X", uid(number), maildrop.uidValidity());
    }

    private Reply everyMessage(String what, IntFunction<Object> value) {
        List<String> lines = new ArrayList<>(List.of("+OK " + count() + " messages (" + octets() + " octets), " + what + " follows"));
        for (int number = 1; number <= maildrop.uids().length; number++) {
            if (!deleted.get(number)) {
                lines.add(number + " " + value.apply(number));
            }
        }
        lines.add(".");
        return new Reply(lines, false);
    }

    /** Answers for a message the maildrop has and that is not marked deleted; otherwise the error RFC 1939 shows. */
    private Reply oneMessage(int number, IntFunction<String> answer) {
        String error = missing(number);
        return Reply.of(error != null ? error : answer.apply(number));
    }

    /** The error for a message number past the maildrop or marked deleted, or null for one that may be used. */
    private String missing(int number) {
        if (number > maildrop.uids().length) {
            return "-ERR No such message, only " + maildrop.uids().length + " messages in maildrop";
        }
        return deleted.get(number) ? "-ERR Message " + number + " already deleted" : null;
    }

    /**
     * RETR and TOP: the message streamed from the store. Its first line is written only once the
     * body is open, so a message removed by another session meanwhile is an -ERR, not a broken
     * +OK. RETR sets \Seen only where {@code pop3.retr-marks-seen} asks for it.
     */
    private Reply retrieve(int number, long bodyLines) throws BackendUnavailableException {
        String error = missing(number);
        if (error != null) {
            return Reply.of(error);
        }
        long uid = uid(number);
        MailboxAnswer<List<MessageMeta>> answer = backend.call(mailbox -> mailbox.messages(login.account(), INBOX, uid, uid));
        if (answer.refusedIt() || answer.value().isEmpty()) {
            return gone(number);
        }
        MessageMeta meta = answer.value().getFirst();
        boolean whole = bodyLines == MultiLineMessage.WHOLE_BODY;
        if (whole && maildrop.retrMarksSeen() && !meta.flags().contains(SEEN)) {
            MailboxAnswer<FlagsStored> marked = backend.call(mailbox -> mailbox.store(login.account(), INBOX,
                    maildrop.uidValidity(), List.of(uid), FlagChange.ADD, List.of(SEEN), FlagsStored.UNCONDITIONAL));
            if (marked.refusedIt()) {
                LOG.info(() -> "Mailward " + connection.listener() + " " + login.account() + ": RETR " + number
                        + " left unread: " + marked.refusal().text());
            }
        }
        return Reply.streaming(out -> {
            InputStream message;
            try {
                message = meta.body().open();
            } catch (NoSuchFileException e) {
                out.write(("-ERR Message " + number + " was removed by another session\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (message) {
                out.write(("+OK " + (whole ? meta.size() + " octets" : "top of message follows") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                MultiLineMessage.write(message, bodyLines, out);
            }
        });
    }

    private static Reply gone(int number) {
        return Reply.of("-ERR Message " + number + " was removed by another session");
    }

    /**
     * QUIT in the TRANSACTION state (RFC 1939 section 6): removes the messages marked deleted in
     * one backend call. Those another session removed meanwhile are gone anyway.
     */
    private Reply update() throws BackendUnavailableException {
        List<Long> doomed = deleted.stream().mapToObj(this::uid).toList();
        if (doomed.isEmpty()) {
            return Reply.closing("+OK Mailward POP3 server signing off");
        }
        MailboxAnswer<List<Long>> removed = backend.call(mailbox -> mailbox.remove(login.account(), INBOX, maildrop.uidValidity(), doomed));
        if (removed.refusedIt()) {
            LOG.info(() -> "Mailward " + connection.listener() + " " + login.account() + ": DELE of " + doomed.size()
                    + " message(s) not applied: " + removed.refusal().text());
            return Reply.closing("-ERR Some deleted messages were not removed: " + removed.refusal().text());
        }
        LOG.info(() -> "Mailward " + connection.listener() + " " + login.account() + " removed " + doomed.size()
                + " message(s) at QUIT");
        return Reply.closing("+OK Mailward POP3 server signing off (" + doomed.size() + " messages deleted)");
    }

    private boolean mayLogIn() {
        return login.permitted() && !login.authenticated();
    }

    private Reply refusal() {
        return Reply.of(login.authenticated() ? "-ERR Already logged in" : "-ERR Login requires a TLS connection");
    }

    private Reply user(String name) {
        user = name;
        return Reply.of("+OK Send your password");
    }

    private Reply pass(String password) throws BackendUnavailableException {
        if (user == null) {
            return Reply.of("-ERR Send USER first");
        }
        Credentials credentials = new Credentials(user, password);
        user = null;
        return verify(credentials);
    }

    private Reply auth(Pop3Command.Auth command) throws BackendUnavailableException {
        if (command.mechanism() == null) {
            return Reply.of("+OK", "PLAIN", ".");
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of("-ERR Unsupported authentication mechanism");
        }
        return saslStep(exchange.get(), exchange.get().start(command.initialResponse()));
    }

    private Reply saslStep(SaslExchange exchange, SaslStep step) throws BackendUnavailableException {
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = exchange;
                yield Reply.of("+ " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(verify.credentials());
            case SaslStep.Cancelled cancelled -> Reply.of("-ERR Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of("-ERR Invalid base64");
            case SaslStep.Malformed malformed -> Reply.of("-ERR [AUTH] Malformed credentials");
            case SaslStep.OtherIdentity other -> Reply.of("-ERR [AUTH] Proxy authorization is not supported");
        };
    }

    private Reply verify(Credentials credentials) throws BackendUnavailableException {
        LoginResult result = login.login(credentials);
        return switch (result.outcome()) {
            case SUCCESS -> openMaildrop();
            case FAILED, DENIED -> Reply.of("-ERR [AUTH] " + result.text());
            case UNAVAILABLE -> Reply.of("-ERR [SYS/TEMP] " + result.text());
            case BLOCKED -> Reply.closing("-ERR " + result.text());
        };
    }

    /** The TRANSACTION state begins with the INBOX as it is now (RFC 1939 section 8). */
    private Reply openMaildrop() throws BackendUnavailableException {
        MailboxAnswer<Maildrop> answer = backend.call(mailbox -> mailbox.maildrop(login.account()));
        if (answer.refusedIt()) {
            login.revoke();
            return Reply.closing("-ERR [SYS/PERM] " + answer.refusal().text());
        }
        maildrop = answer.value();
        return Reply.of("+OK Logged in, " + count() + " messages (" + octets() + " octets)");
    }

    @Override
    public Reply lineTooLong() {
        pending = null; // an over-long AUTH response ends the exchange
        return Reply.of("-ERR Line too long");
    }

    @Override
    public String idleTimeout() {
        return "-ERR Idle timeout";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "-ERR [SYS/TEMP] " + reason;
    }

    @Override
    public String tooManyConnections() {
        return "-ERR [SYS/TEMP] Too many connections; try again later";
    }
}
