package org.mailward.connector.smtp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.mailward.connector.auth.LoginGate;
import org.mailward.connector.auth.SaslExchange;
import org.mailward.connector.auth.SaslStep;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.MessageBuffer;
import org.mailward.connector.net.ProtocolSession;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.RecipientVerdict;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.spi.smtp.SmtpLimits;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.connector.spi.smtp.SmtpWelcome;

/**
 * One SMTP conversation (RFC 5321) with the extensions EHLO lists: PIPELINING, SIZE, 8BITMIME,
 * SMTPUTF8, DSN, CHUNKING, ENHANCEDSTATUSCODES, STARTTLS and AUTH PLAIN/LOGIN. The session checks
 * syntax, order and the limits of the greeting; every decision about senders, recipients and
 * the message itself is the backend's. A message is answered {@code 250} only once the backend has
 * taken it.
 */
public final class SmtpSession implements ProtocolSession {

    private static final Set<SaslExchange.Mechanism> MECHANISMS =
            Set.of(SaslExchange.Mechanism.PLAIN, SaslExchange.Mechanism.LOGIN);
    private static final Duration MAX_HARVEST_PAUSE = Duration.ofSeconds(10);

    /** How the session waits before answering a suspected address harvester. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration);
    }

    private final EndpointInvoker<SmtpBackend> backend;
    private final boolean startTlsAvailable;
    private final Pause pause;
    private final LoginGate login;
    private ConnectionInfo connection;
    private SmtpWelcome welcome;
    private String hostname = "localhost";
    private String helo; // null until HELO or EHLO
    private boolean extended; // the client said EHLO
    private SaslExchange pending; // an AUTH waiting for the client's next line
    private Envelope envelope; // null outside a mail transaction
    private long messageLimit; // the smallest limit of the session and the recipients' domains
    private final Path spillDirectory;
    private MessageBuffer message; // the message or BDAT chunks arriving
    private String chunkRefusal; // the answer to a BDAT whose bytes are read only to be dropped
    private boolean chunked; // the message arrives by BDAT
    private boolean lastChunk;
    private int badCommands;
    private int unknownRecipients;

    public SmtpSession(EndpointInvoker<SmtpBackend> backend, boolean startTlsAvailable) {
        this(backend, startTlsAvailable, SmtpSession::sleep);
    }

    public SmtpSession(EndpointInvoker<SmtpBackend> backend, boolean startTlsAvailable, Pause pause) {
        this(backend, startTlsAvailable, pause, MessageBuffer.SYSTEM_TEMPORARY_DIRECTORY);
    }

    /** @param spillDirectory where a message too large for memory is held while it arrives */
    SmtpSession(EndpointInvoker<SmtpBackend> backend, boolean startTlsAvailable, Pause pause, Path spillDirectory) {
        this.backend = backend;
        this.startTlsAvailable = startTlsAvailable;
        this.pause = pause;
        this.spillDirectory = spillDirectory;
        this.login = new LoginGate("smtp", request -> backend.call(smtp -> smtp.login(request)));
    }

    @Override
    public Reply open(ConnectionInfo connection) throws BackendUnavailableException {
        welcome = backend.call(smtp -> smtp.welcome(connection));
        if (!welcome.greeting().accepted()) {
            return Reply.closing("554 5.7.1 " + welcome.greeting().text());
        }
        this.connection = connection;
        login.open(connection, welcome.greeting());
        // RFC 5321 section 4.3.1: the greeting starts with the server's name, which HELO repeats.
        String text = welcome.greeting().text().strip();
        if (!text.isEmpty()) {
            hostname = text.split("\\s+", 2)[0];
        }
        return Reply.of("220 " + welcome.greeting().text());
    }

    @Override
    public Reply tlsStarted(ConnectionInfo secured) {
        // RFC 3207 section 4.2: forget everything learned before the handshake.
        connection = secured;
        login.open(secured, welcome.greeting());
        helo = null;
        extended = false;
        endTransaction();
        return Reply.of();
    }

    @Override
    public Reply handle(String line) throws BackendUnavailableException {
        if (pending != null) {
            SaslExchange exchange = pending;
            pending = null;
            return saslStep(exchange, exchange.respond(line));
        }
        SmtpCommand command = SmtpCommand.parse(line);
        if (message != null && !(command instanceof SmtpCommand.Bdat) && !(command instanceof SmtpCommand.Reset)
                && !(command instanceof SmtpCommand.Quit) && !(command instanceof SmtpCommand.Noop)) {
            return bad("503 5.5.1 Send BDAT, or RSET to abandon the message");
        }
        return switch (command) {
            case SmtpCommand.Hello hello -> hello(hello);
            case SmtpCommand.Mail mail -> mail(mail);
            case SmtpCommand.Rcpt rcpt -> rcpt(rcpt);
            case SmtpCommand.Data data -> data();
            case SmtpCommand.Bdat bdat -> bdat(bdat);
            case SmtpCommand.StartTls startTls -> startTls();
            case SmtpCommand.Auth auth -> auth(auth);
            case SmtpCommand.Quit quit -> {
                endTransaction();
                yield Reply.closing("221 2.0.0 " + hostname + " closing connection");
            }
            case SmtpCommand.Noop noop -> Reply.of("250 2.0.0 OK");
            case SmtpCommand.Reset reset -> {
                endTransaction();
                yield Reply.of("250 2.0.0 OK");
            }
            case SmtpCommand.Help help -> Reply.of("214 2.0.0 See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT STARTTLS AUTH");
            case SmtpCommand.Verify verify -> Reply.of("252 2.5.2 Cannot " + verify.verb() + " user; try RCPT to attempt delivery");
            case SmtpCommand.BadArguments bad -> bad("501 5.5.4 " + bad.problem());
            case SmtpCommand.Empty empty -> bad("500 5.5.2 Syntax error: empty command");
            case SmtpCommand.Unknown unknown -> bad("500 5.5.1 Command unrecognized");
        };
    }

    /** HELO gets one line; EHLO lists the extensions (RFC 5321 section 4.1.1.1). */
    private Reply hello(SmtpCommand.Hello hello) {
        if (hello.domain().isEmpty()) {
            return bad("501 5.5.4 " + (hello.extended() ? "EHLO" : "HELO") + " requires a domain or address");
        }
        endTransaction();
        helo = hello.domain();
        extended = hello.extended();
        if (!extended) {
            return Reply.of("250 " + hostname + " Hello " + helo);
        }
        List<String> lines = new ArrayList<>(List.of(hostname + " Hello " + helo, "PIPELINING",
                "SIZE " + limits().maxMessageBytes(), "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "DSN", "CHUNKING"));
        if (startTlsAvailable && !connection.tls()) {
            lines.add("STARTTLS");
        }
        if (welcome.authOffered() && login.permitted() && !login.authenticated()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        List<String> reply = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            reply.add((i < lines.size() - 1 ? "250-" : "250 ") + lines.get(i));
        }
        return new Reply(reply, false);
    }

    private Reply mail(SmtpCommand.Mail mail) throws BackendUnavailableException {
        if (helo == null) {
            return bad("503 5.5.1 Send HELO or EHLO first");
        }
        if (envelope != null) {
            return bad("503 5.5.1 Nested MAIL command");
        }
        Map<String, String> parameters = mail.parameters();
        long declaredSize = -1;
        boolean eightBit = false;
        boolean smtpUtf8 = false;
        String dsnReturn = null;
        String envelopeId = null;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "SIZE" -> {
                    declaredSize = SmtpCommand.octets(value);
                    if (declaredSize < 0) {
                        return bad("501 5.5.4 SIZE needs a number of octets");
                    }
                }
                case "BODY" -> {
                    String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
                        return bad("555 5.5.4 BODY must be 7BIT or 8BITMIME");
                    }
                    eightBit = body.equals("8BITMIME");
                }
                case "SMTPUTF8" -> {
                    if (value != null) {
                        return bad("555 5.5.4 SMTPUTF8 takes no value");
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    String ret = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!ret.equals("FULL") && !ret.equals("HDRS")) {
                        return bad("501 5.5.4 RET must be FULL or HDRS");
                    }
                    dsnReturn = ret;
                }
                case "ENVID" -> {
                    if (value == null || value.isEmpty() || value.length() > 100 || !isXtext(value)) {
                        return bad("501 5.5.4 ENVID must be xtext of at most 100 characters");
                    }
                    envelopeId = value;
                }
                case "AUTH" -> {
                    // RFC 4954 section 5: trusted only from trusted relays; Mailward trusts none.
                }
                default -> {
                    return bad("555 5.5.4 Unsupported MAIL parameter " + parameter.getKey());
                }
            }
        }
        if (!smtpUtf8 && !SmtpAddresses.isAscii(mail.path())) {
            return bad("553 5.6.7 Non-ASCII address requires SMTPUTF8");
        }
        if (declaredSize > limits().maxMessageBytes()) {
            return Reply.of("552 5.3.4 Message size exceeds fixed maximum message size of " + limits().maxMessageBytes());
        }
        Envelope candidate = new Envelope(connection, helo, extended, login.account(), mail.path(), declaredSize,
                eightBit, smtpUtf8, dsnReturn, envelopeId, List.of());
        SmtpReply reply = backend.call(smtp -> smtp.mail(candidate));
        if (reply.positive()) {
            envelope = candidate;
            messageLimit = limits().maxMessageBytes();
        }
        return Reply.of(reply.line());
    }

    private Reply rcpt(SmtpCommand.Rcpt rcpt) throws BackendUnavailableException {
        if (envelope == null) {
            return bad("503 5.5.1 Need MAIL before RCPT");
        }
        String notify = null;
        String originalRecipient = null;
        for (Map.Entry<String, String> parameter : rcpt.parameters().entrySet()) {
            String value = parameter.getValue();
            switch (parameter.getKey()) {
                case "NOTIFY" -> {
                    if (!validNotify(value)) {
                        return bad("501 5.5.4 NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
                    }
                    notify = value.toUpperCase(Locale.ROOT);
                }
                case "ORCPT" -> {
                    int semicolon = value == null ? -1 : value.indexOf(';');
                    if (semicolon <= 0 || value.length() > 500 || !isXtext(value.substring(semicolon + 1))) {
                        return bad("501 5.5.4 ORCPT must be addr-type;xtext");
                    }
                    originalRecipient = value;
                }
                default -> {
                    return bad("555 5.5.4 Unsupported RCPT parameter " + parameter.getKey());
                }
            }
        }
        if (!envelope.smtpUtf8() && !SmtpAddresses.isAscii(rcpt.path())) {
            return bad("553 5.6.7 Non-ASCII address requires SMTPUTF8");
        }
        if (envelope.recipients().size() >= limits().maxRecipients()) {
            return Reply.of("452 4.5.3 Too many recipients");
        }
        Recipient recipient = new Recipient(rcpt.path(), notify, originalRecipient);
        Envelope current = envelope;
        RecipientVerdict verdict = backend.call(smtp -> smtp.recipient(current, recipient));
        if (verdict.reply().positive()) {
            envelope = envelope.with(recipient);
            messageLimit = Math.min(messageLimit, verdict.maxMessageBytes());
            return Reply.of(verdict.reply().line());
        }
        return verdict.unknown() ? unknownRecipient(verdict.reply()) : Reply.of(verdict.reply().line());
    }

    /** Harvest protection: past a number of unknown recipients, answer slowly, then not at all. */
    private Reply unknownRecipient(SmtpReply reply) {
        unknownRecipients++;
        SmtpLimits limits = limits();
        if (limits.dropAfterUnknown() > 0 && unknownRecipients >= limits.dropAfterUnknown()) {
            return Reply.closing(reply.line(), "421 4.7.0 Too many unknown recipients; closing connection");
        }
        if (limits.slowDownAfterUnknown() > 0 && unknownRecipients > limits.slowDownAfterUnknown()) {
            Duration delay = Duration.ofSeconds(unknownRecipients - limits.slowDownAfterUnknown());
            pause.pause(delay.compareTo(MAX_HARVEST_PAUSE) > 0 ? MAX_HARVEST_PAUSE : delay);
        }
        return Reply.of(reply.line());
    }

    private Reply data() {
        if (envelope == null) {
            return bad("503 5.5.1 Need MAIL before DATA");
        }
        if (envelope.recipients().isEmpty()) {
            // RFC 2920 section 3.1: with PIPELINING the client may send DATA after every RCPT failed.
            return bad("554 5.5.1 No valid recipients");
        }
        message = new MessageBuffer(messageLimit, spillDirectory);
        return Reply.then(new Reply.ReadData(message), "354 Start mail input; end with <CRLF>.<CRLF>");
    }

    private Reply bdat(SmtpCommand.Bdat bdat) {
        // RFC 3030 section 2: the chunk's bytes follow the command and must be read even when refused.
        chunkRefusal = envelope == null ? "503 5.5.1 Need MAIL before BDAT"
                : envelope.recipients().isEmpty() ? "554 5.5.1 No valid recipients" : null;
        if (chunkRefusal != null) {
            return Reply.then(new Reply.ReadChunk(new MessageBuffer(0), bdat.size()));
        }
        if (message == null) {
            message = new MessageBuffer(messageLimit, spillDirectory);
            chunked = true;
        }
        lastChunk = bdat.last();
        return Reply.then(new Reply.ReadChunk(message, bdat.size()));
    }

    @Override
    public Reply dataReceived(boolean bareLineEnd) throws BackendUnavailableException {
        if (chunkRefusal != null) {
            String refusal = chunkRefusal;
            chunkRefusal = null;
            return bad(refusal);
        }
        if (chunked && !lastChunk) {
            return Reply.of("250 2.0.0 " + message.received() + " octets received");
        }
        try {
            if (message.exceeded()) {
                return Reply.of("552 5.3.4 Message size exceeds the maximum of " + messageLimit + " octets");
            }
            if (message.storageFailed()) {
                return Reply.of("452 4.3.1 Insufficient system storage; try again later");
            }
            if (bareLineEnd) {
                return Reply.of("550 5.6.0 Message contains a bare CR or LF; lines must end with CRLF (RFC 5321 section 2.3.8)");
            }
            Envelope complete = envelope;
            MessageBuffer content = message;
            SmtpReply reply = backend.call(smtp -> smtp.deliver(complete, content));
            return Reply.of(reply.line());
        } finally {
            endTransaction();
        }
    }

    private Reply startTls() {
        if (!startTlsAvailable || connection.tls()) {
            return bad(connection.tls() ? "503 5.5.1 TLS already active" : "502 5.5.1 STARTTLS not available");
        }
        return Reply.then(new Reply.StartTls(), "220 2.0.0 Ready to start TLS");
    }

    private Reply auth(SmtpCommand.Auth command) throws BackendUnavailableException {
        if (!welcome.authOffered()) {
            return bad("502 5.5.1 AUTH not available here; use the submission port");
        }
        if (login.authenticated()) {
            return bad("503 5.5.1 Already authenticated");
        }
        if (!extended) {
            return bad("503 5.5.1 Send EHLO first");
        }
        if (envelope != null) {
            return bad("503 5.5.1 AUTH not permitted during a mail transaction");
        }
        if (!login.permitted()) {
            return Reply.of("538 5.7.11 Encryption required for requested authentication mechanism");
        }
        Optional<SaslExchange> exchange = SaslExchange.of(command.mechanism(), MECHANISMS);
        if (exchange.isEmpty()) {
            return Reply.of("504 5.5.4 Unrecognized authentication type");
        }
        return saslStep(exchange.get(), exchange.get().start(command.initialResponse()));
    }

    private Reply saslStep(SaslExchange exchange, SaslStep step) throws BackendUnavailableException {
        return switch (step) {
            case SaslStep.Challenge challenge -> {
                pending = exchange;
                yield Reply.of("334 " + challenge.base64());
            }
            case SaslStep.Verify verify -> verify(login.login(verify.credentials()));
            case SaslStep.Cancelled cancelled -> Reply.of("501 5.0.0 Authentication cancelled");
            case SaslStep.NotBase64 notBase64 -> Reply.of("501 5.5.2 Cannot Base64-decode client response");
            case SaslStep.Malformed malformed -> Reply.of("535 5.7.8 Authentication credentials invalid");
            case SaslStep.OtherIdentity other -> Reply.of("535 5.7.8 Proxy authorization is not supported");
        };
    }

    private static Reply verify(LoginResult result) {
        return switch (result.outcome()) {
            case SUCCESS -> Reply.of("235 2.7.0 Authentication successful");
            case FAILED, DENIED -> Reply.of("535 5.7.8 " + result.text());
            case UNAVAILABLE -> Reply.of("454 4.7.0 " + result.text());
            case BLOCKED -> Reply.closing("421 4.7.0 " + result.text());
        };
    }

    /** Answers a malformed or out-of-order command, and drops a client that keeps sending them. */
    private Reply bad(String line) {
        badCommands++;
        if (welcome != null && badCommands > limits().maxBadCommands()) {
            return Reply.closing(line, "421 4.7.0 Too many errors; closing connection");
        }
        return Reply.of(line);
    }

    @Override
    public void close() {
        endTransaction();
    }

    private void endTransaction() {
        envelope = null;
        chunked = false;
        lastChunk = false;
        if (message != null) {
            message.close();
            message = null;
        }
    }

    private SmtpLimits limits() {
        return welcome.limits();
    }

    private static boolean validNotify(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        List<String> words = List.of(value.toUpperCase(Locale.ROOT).split(",", -1));
        if (words.contains("NEVER")) {
            return words.size() == 1;
        }
        return words.stream().allMatch(word -> word.equals("SUCCESS") || word.equals("FAILURE") || word.equals("DELAY"))
                && words.stream().distinct().count() == words.size();
    }

    // RFC 3461 section 4: printable ASCII except '+' and '=', which only introduce "+XX" hex escapes.
    private static boolean isXtext(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                if (i + 2 >= value.length() || !isUpperHex(value.charAt(i + 1)) || !isUpperHex(value.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c < 33 || c > 126 || c == '=') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Reply lineTooLong() {
        if (pending != null) {
            pending = null;
            return Reply.of("500 5.5.6 Authentication Exchange line is too long");
        }
        return bad("500 5.5.2 Line too long");
    }

    @Override
    public String idleTimeout() {
        return "421 4.4.2 " + hostname + " Timeout; closing connection";
    }

    @Override
    public String temporaryFailure(String reason) {
        return "421 4.3.2 " + reason;
    }

    @Override
    public String tooManyConnections() {
        return "421 4.7.0 Too many connections; try again later";
    }
}
