package org.mailward.transport.outbound.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Delivers one message to one host over SMTP (RFC 5321) and says what became of each recipient.
 * <p>
 * The conversation: connect, greeting, EHLO (HELO when EHLO is refused), STARTTLS by the {@link TlsPolicy} (RFC 3207)
 * and EHLO again, AUTH PLAIN or LOGIN over TLS only (RFC 4954), then MAIL FROM, the RCPT TOs and DATA, in one batch
 * when the server offers PIPELINING (RFC 2920), and the message streamed from its store. QUIT ends every session the
 * server has not already closed.
 * <p>
 * Failures come back as replies, never as exceptions: the host's own failures (no connection, greeting, EHLO, TLS,
 * AUTH, 421 or a lost connection before the end of the data) let the caller go on to the next MX at once, while what
 * the server said about a recipient is that recipient's answer. Trust boundary: everything the server sends is data;
 * a relay password goes out only under TLS.
 */
public final class SmtpClient {

    private static final Logger LOG = Logger.getLogger(SmtpClient.class.getName());
    /** RFC 5321 section 4.5.3.2.6: the server may take this long to accept the data. */
    private static final Duration END_OF_DATA_WAIT = Duration.ofMinutes(10);
    private static final Duration QUIT_WAIT = Duration.ofSeconds(30);

    private final SmtpTarget target;
    private final Envelope envelope;
    private final MessageContent content;
    private final SSLContext verifying;
    private final String host;
    private SmtpChannel channel;
    private Extensions extensions = Extensions.NONE;
    /** What the session waits for or sends at the moment, for the text of a timeout or lost connection. */
    private String step;
    private boolean sending;
    /** The server can still take a QUIT: not after a 421, an I/O error or an abandoned transaction. */
    private boolean usable = true;

    private SmtpClient(SmtpTarget target, Envelope envelope, MessageContent content, SSLContext verifying) {
        this.target = target;
        this.envelope = envelope;
        this.content = content;
        this.verifying = verifying;
        this.host = target.hostName();
    }

    /** Delivers over one connection to the target. Never throws for network trouble. */
    public static SmtpResult deliver(SmtpTarget target, Envelope envelope, MessageContent content) {
        return deliver(target, envelope, content, TlsContexts.verifying());
    }

    /** As {@link #deliver(SmtpTarget, Envelope, MessageContent)}, checking certificates under VERIFY with {@code verifying}. */
    static SmtpResult deliver(SmtpTarget target, Envelope envelope, MessageContent content, SSLContext verifying) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(content, "content");
        return new SmtpClient(target, envelope, content, verifying).run();
    }

    private SmtpResult run() {
        try {
            connect();
            greeting();
            extensions = hello();
            secure();
            SmtpReply refusal = localRefusal();
            if (refusal != null) {
                return decided(sameForAll(refusal));
            }
            authenticate();
            return decided(transaction());
        } catch (HostFailure failure) {
            return new SmtpResult(sameForAll(failure.reply), true, tls(), host, extensions.dsn());
        } catch (IOException e) {
            usable = false;
            return new SmtpResult(sameForAll(lost(e)), true, tls(), host, extensions.dsn());
        } finally {
            quitAndClose();
        }
    }

    private void connect() throws HostFailure, IOException {
        String endpoint = host + "[" + target.address().getHostAddress() + "]:" + target.port();
        try {
            channel = SmtpChannel.connect(target);
        } catch (SocketTimeoutException e) {
            throw new HostFailure(SmtpReply.local(451, "4.4.1", "connection to " + endpoint + " timed out"));
        } catch (ConnectException e) {
            throw new HostFailure(SmtpReply.local(451, "4.4.1", String.valueOf(e.getMessage()).contains("refused")
                    ? "connection refused by " + endpoint : "cannot connect to " + endpoint + ": " + e.getMessage()));
        } catch (IOException e) {
            throw new HostFailure(SmtpReply.local(451, "4.4.1", "cannot connect to " + endpoint + ": " + e.getMessage()));
        }
        if (target.implicitTls()) {
            handshake(target.tls() == TlsPolicy.VERIFY);
        }
    }

    private void greeting() throws HostFailure, IOException {
        waitFor("the greeting");
        SmtpReply greeting = read();
        if (greeting.code() != 220) {
            throw refused(greeting, "4.3.2", "greeted with");
        }
    }

    /** EHLO, or HELO and no extensions when EHLO gets a 5xx (RFC 5321 section 4.1.4). */
    private Extensions hello() throws HostFailure, IOException {
        waitFor("the reply to EHLO");
        SmtpReply ehlo = command("EHLO " + target.heloName());
        if (ehlo.positive()) {
            return Extensions.of(ehlo);
        }
        if (!ehlo.permanentFailure()) {
            throw refused(ehlo, "4.5.0", "answered EHLO with");
        }
        waitFor("the reply to HELO");
        SmtpReply helo = command("HELO " + target.heloName());
        if (!helo.positive()) {
            throw refused(helo, "4.5.0", "answered HELO with");
        }
        return Extensions.NONE;
    }

    private void secure() throws HostFailure, IOException {
        if (channel.tls() || target.tls() == TlsPolicy.NONE) {
            return;
        }
        boolean verify = target.tls() == TlsPolicy.VERIFY;
        if (!extensions.startTls()) {
            if (verify) {
                throw new HostFailure(SmtpReply.local(451, "4.7.5", host + " does not offer STARTTLS, which the TLS policy requires"));
            }
            return;
        }
        waitFor("the reply to STARTTLS");
        SmtpReply reply = command("STARTTLS");
        if (reply.code() != 220) {
            if (verify) {
                throw refused(reply, "4.7.5", "answered STARTTLS with");
            }
            return; // opportunistic: on in plain text, as before
        }
        handshake(verify);
        extensions = hello(); // RFC 3207 section 4.2: forget what was offered before TLS
    }

    private void handshake(boolean verify) throws HostFailure, IOException {
        waitFor("the TLS handshake");
        try {
            channel.startTls(verify ? verifying : TlsContexts.trustingAll(), verify);
        } catch (SSLException e) {
            usable = false;
            throw new HostFailure(SmtpReply.local(451, "4.7.5", "TLS handshake with " + host + " failed"
                    + (verify ? " (certificate checked against the JDK trust store and the host name)" : "")
                    + ": " + e.getMessage()));
        }
    }

    /** Decisions taken here before MAIL FROM, for every recipient alike; {@code null} when there are none. */
    private SmtpReply localRefusal() {
        if (needsSmtpUtf8() && !extensions.smtpUtf8()) {
            return SmtpReply.local(553, "5.6.7", host + " does not offer SMTPUTF8, which this message needs"
                    + " (a non-ASCII address or header field)");
        }
        if (extensions.sizeLimit() > 0 && content.size() > extensions.sizeLimit()) {
            return SmtpReply.local(552, "5.3.4", "message of " + content.size() + " octets exceeds the limit of "
                    + extensions.sizeLimit() + " octets of " + host);
        }
        return null;
    }

    private boolean needsSmtpUtf8() {
        return content.eightBitHeaders() || !Commands.ascii(envelope.sender())
                || envelope.recipients().stream().anyMatch(recipient -> !Commands.ascii(recipient.address()));
    }

    /** AUTH PLAIN, else LOGIN, and only under TLS: a failure here is the relay's configuration, for every recipient. */
    private void authenticate() throws HostFailure, IOException {
        Credentials credentials = target.credentials();
        if (credentials == null) {
            return;
        }
        if (!channel.tls()) {
            throw new HostFailure(SmtpReply.local(451, "4.7.0", "not sending the login for " + host + " without TLS"));
        }
        waitFor("the reply to AUTH");
        SmtpReply reply;
        if (extensions.auth().contains("PLAIN")) {
            reply = command("AUTH PLAIN " + base64("\0" + credentials.username() + "\0" + credentials.password()));
        } else if (extensions.auth().contains("LOGIN")) {
            reply = command("AUTH LOGIN");
            if (reply.code() == 334) {
                reply = command(base64(credentials.username()));
            }
            if (reply.code() == 334) {
                reply = command(base64(credentials.password()));
            }
        } else {
            throw new HostFailure(SmtpReply.local(451, "4.7.0", host + " offers neither AUTH PLAIN nor AUTH LOGIN"));
        }
        if (reply.code() != 235) {
            throw new HostFailure(SmtpReply.local(451, "4.7.0", "login to " + host + " failed: " + reply.diagnostic()));
        }
    }

    /** MAIL FROM, RCPT TOs, DATA and the content; answers every recipient in envelope order. */
    private Map<EnvelopeRecipient, SmtpReply> transaction() throws HostFailure, IOException {
        List<EnvelopeRecipient> recipients = envelope.recipients();
        String mailFrom = Commands.mailFrom(envelope, content, extensions, needsSmtpUtf8());
        Map<EnvelopeRecipient, SmtpReply> replies = new LinkedHashMap<>();
        SmtpReply mail;
        SmtpReply data = null;
        if (extensions.pipelining()) {
            List<String> batch = new ArrayList<>();
            batch.add(mailFrom);
            recipients.forEach(recipient -> batch.add(Commands.rcptTo(recipient, extensions)));
            batch.add("DATA");
            waitFor("the reply to MAIL FROM");
            channel.send(batch);
            mail = read();
            waitFor("the reply to RCPT TO");
            for (EnvelopeRecipient recipient : recipients) {
                replies.put(recipient, read());
            }
            waitFor("the reply to DATA");
            data = read();
        } else {
            waitFor("the reply to MAIL FROM");
            mail = command(mailFrom);
            if (mail.positive()) {
                waitFor("the reply to RCPT TO");
                for (EnvelopeRecipient recipient : recipients) {
                    replies.put(recipient, command(Commands.rcptTo(recipient, extensions)));
                }
                if (replies.values().stream().anyMatch(SmtpReply::positive)) {
                    waitFor("the reply to DATA");
                    data = command("DATA");
                }
            }
        }
        if (!mail.positive()) {
            endDataUnsent(data);
            return sameForAll(failure(mail, "MAIL FROM"));
        }
        List<EnvelopeRecipient> accepted = recipients.stream().filter(recipient -> replies.get(recipient).positive()).toList();
        replies.replaceAll((recipient, reply) -> reply.positive() ? reply : failure(reply, "RCPT TO"));
        if (accepted.isEmpty()) {
            endDataUnsent(data);
        } else if (data.code() != 354) {
            SmtpReply refused = failure(data, "DATA");
            accepted.forEach(recipient -> replies.put(recipient, refused));
        } else {
            SmtpReply done = sendContent();
            accepted.forEach(recipient -> replies.put(recipient, done));
        }
        return replies;
    }

    /** Streams the message; from the final dot on, a lost connection is no longer the host's failure alone. */
    private SmtpReply sendContent() throws IOException {
        sending("the message");
        InputStream in;
        try {
            in = content.opener().get();
        } catch (IOException e) {
            return unreadable(e);
        }
        try {
            MessageData.write(in, channel.data());
        } catch (MessageData.UnreadableContent e) {
            return unreadable(e.getCause());
        } finally {
            closeQuietly(in);
        }
        waitFor("the reply to the end of the data");
        try {
            SmtpReply done = channel.read(max(target.commandTimeout(), END_OF_DATA_WAIT));
            usable = done.code() != 421;
            return done.positive() ? done : failure(done, "the end of the data");
        } catch (IOException e) {
            usable = false;
            return lost(e); // the server may have taken the message: RFC 5321 section 6.1 accepts a rare duplicate
        }
    }

    /** The stored message cannot be read: drop the connection so that the server discards the transaction. */
    private SmtpReply unreadable(Throwable e) {
        LOG.log(Level.WARNING, "Cannot read the message for " + envelope.recipients().size() + " recipient(s) at "
                + host + ": " + e);
        usable = false;
        return SmtpReply.local(451, "4.3.0", "the message could not be read from the store");
    }

    /** RFC 2920 section 3.1: a pipelined DATA that got 354 with no recipient accepted gets an empty message. */
    private void endDataUnsent(SmtpReply data) {
        if (data != null && data.code() == 354) {
            try {
                channel.send(List.of("."));
                channel.read(target.commandTimeout());
            } catch (IOException e) {
                usable = false;
            }
        }
    }

    private SmtpReply read() throws HostFailure, IOException {
        SmtpReply reply = channel.read(target.commandTimeout());
        if (reply.code() == 421) { // the server is closing the connection
            usable = false;
            throw new HostFailure(reply);
        }
        return reply;
    }

    private SmtpReply command(String command) throws HostFailure, IOException {
        channel.send(List.of(command));
        return read();
    }

    /** The host refused to go on: a 4xx as it came, anything else made a 4xx, since another host may do better. */
    private HostFailure refused(SmtpReply reply, String status, String what) {
        return new HostFailure(reply.transientFailure() ? reply
                : SmtpReply.local(451, status, host + " " + what + " " + reply.diagnostic()));
    }

    /** A reply that refuses as it should (4xx or 5xx) stays; anything else is a protocol error, to try again later. */
    private SmtpReply failure(SmtpReply reply, String command) {
        return reply.transientFailure() || reply.permanentFailure() ? reply
                : SmtpReply.local(451, "4.5.0", "unexpected reply to " + command + " from " + host + ": " + reply.diagnostic());
    }

    private SmtpReply lost(IOException e) {
        if (channel != null && channel.writeExpired()) {
            return SmtpReply.local(451, "4.4.2", "timeout sending " + step + " to " + host);
        }
        if (e instanceof SocketTimeoutException) {
            return SmtpReply.local(451, "4.4.2", "timeout waiting for " + step + " from " + host);
        }
        if (e instanceof ProtocolException) {
            return SmtpReply.local(451, "4.5.0", "protocol error from " + host + " in " + step + ": " + e.getMessage());
        }
        return SmtpReply.local(451, "4.4.2", "connection lost with " + host + (sending ? " while sending " : " while waiting for ")
                + step + ": " + e.getMessage());
    }

    private void waitFor(String what) {
        step = what;
        sending = false;
    }

    private void sending(String what) {
        step = what;
        sending = true;
    }

    private Map<EnvelopeRecipient, SmtpReply> sameForAll(SmtpReply reply) {
        Map<EnvelopeRecipient, SmtpReply> replies = new LinkedHashMap<>();
        envelope.recipients().forEach(recipient -> replies.put(recipient, reply));
        return replies;
    }

    private SmtpResult decided(Map<EnvelopeRecipient, SmtpReply> replies) {
        return new SmtpResult(replies, false, tls(), host, extensions.dsn());
    }

    private boolean tls() {
        return channel != null && channel.tls();
    }

    /** QUIT when the server can still take it (its reply does not matter), and close in any case. */
    private void quitAndClose() {
        if (channel == null) {
            return;
        }
        if (usable) {
            try {
                channel.send(List.of("QUIT"));
                channel.read(min(target.commandTimeout(), QUIT_WAIT));
            } catch (IOException ignored) {
                // the delivery is decided; a server that drops the connection at QUIT changes nothing
            }
        }
        closeQuietly(channel);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing left to save
        }
    }

    /** The host failed before it decided anything: every recipient gets this 4xx reply, and the next MX may be tried. */
    private static final class HostFailure extends Exception {
        private final SmtpReply reply;

        HostFailure(SmtpReply reply) {
            super(reply.diagnostic(), null, false, false);
            this.reply = reply;
        }
    }
}
