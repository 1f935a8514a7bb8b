package org.mailward.connector.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.ClientInput;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.RecipientVerdict;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.spi.smtp.SmtpLimits;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.connector.testing.FakeEndpointFactory;

/** Mail transactions: MAIL, RCPT, DATA and BDAT, their parameters, order and limits, and STARTTLS. */
class SmtpTransactionTest {

    private static final ConnectionInfo MX = new ConnectionInfo("smtp",
            new InetSocketAddress("192.0.2.7", 40000), new InetSocketAddress("127.0.0.1", 2525), false);

    private final FakeEndpointFactory backend = FakeEndpointFactory.welcoming("mx.example.org ESMTP");
    private final List<Duration> pauses = new ArrayList<>();

    private SmtpSession open(boolean startTls) throws BackendUnavailableException {
        SmtpSession session = new SmtpSession(new EndpointInvoker<>(backend, SmtpBackend.class), startTls, pauses::add);
        session.open(MX);
        return session;
    }

    private SmtpSession greeted() throws BackendUnavailableException {
        SmtpSession session = open(false);
        session.handle("EHLO client.example.net");
        return session;
    }

    /** A session with a sender and one accepted recipient, ready for DATA or BDAT. */
    private SmtpSession inTransaction() throws BackendUnavailableException {
        SmtpSession session = greeted();
        session.handle("MAIL FROM:<a@example.net>");
        session.handle("RCPT TO:<b@example.org>");
        return session;
    }

    /** Feeds the data the session asked for, as the connection would. */
    private static Reply send(SmtpSession session, Reply asked, String data) throws IOException, BackendUnavailableException {
        ClientInput input = new ClientInput(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), 1000);
        return switch (asked.then()) {
            case Reply.ReadData read -> session.dataReceived(input.readDotTerminated(read.into()).bareLineEnd());
            case Reply.ReadChunk chunk -> {
                assertTrue(input.readExactly(chunk.size(), chunk.into()));
                yield session.dataReceived(false);
            }
            default -> throw new AssertionError("no data was asked for: " + asked);
        };
    }

    @Test
    void aMessageTheServerCannotHoldGetsATemporaryFailureAndTheSessionGoesOn() throws Exception {
        Path nowhere = Path.of(System.getProperty("java.io.tmpdir"), "mailward-no-such-directory-" + System.nanoTime());
        SmtpSession session = new SmtpSession(new EndpointInvoker<>(backend, SmtpBackend.class), false, pauses::add, nowhere);
        session.open(MX);
        session.handle("EHLO client.example.net");
        session.handle("MAIL FROM:<alice@example.net>");
        session.handle("RCPT TO:<bob@example.org>");
        String line = "y".repeat(998) + "\r\n";
        String big = "Subject: big\r\n\r\n" + line.repeat(300);

        assertEquals(Reply.of("452 4.3.1 Insufficient system storage; try again later"), send(session, session.handle("DATA"), big + ".\r\n"));

        assertEquals(List.of(), backend.delivered, "nothing half-held reached the backend");
        assertEquals(Reply.of("250 2.1.0 Sender OK"), session.handle("MAIL FROM:<alice@example.net>"), "the transaction was reset");
        session.handle("RCPT TO:<bob@example.org>");
        assertEquals(Reply.of("250 2.0.0 Queued as 1"), send(session, session.handle("DATA"), "Subject: small\r\n\r\nhi\r\n.\r\n"));
    }

    @Test
    void parsesPathsAndParameters() {
        assertEquals(new SmtpCommand.Mail("a@example.org", Map.of("SIZE", "100", "BODY", "8BITMIME")),
                SmtpCommand.parse("MAIL FROM:<a@example.org> SIZE=100 body=8BITMIME"));
        assertEquals(new SmtpCommand.Mail("", Map.of()), SmtpCommand.parse("mail from:<>"));
        assertEquals(new SmtpCommand.Mail("a@example.org", Map.of()), SmtpCommand.parse("MAIL FROM: <a@example.org>"));
        assertEquals(new SmtpCommand.Mail("a@example.org", Map.of()), SmtpCommand.parse("MAIL FROM:a@example.org"));
        assertEquals(new SmtpCommand.Rcpt("c@example.org", Map.of()), SmtpCommand.parse("RCPT TO:<@a.example,@b.example:c@example.org>"));
        assertEquals(new SmtpCommand.Rcpt("Postmaster", Map.of()), SmtpCommand.parse("RCPT TO:<Postmaster>"));
        assertEquals(new SmtpCommand.Rcpt("\"odd name\"@example.org", Map.of()), SmtpCommand.parse("RCPT TO:<\"odd name\"@example.org>"));
        assertEquals(new SmtpCommand.Bdat(120, true), SmtpCommand.parse("BDAT 120 last"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("MAIL TO:<a@example.org>"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("MAIL FROM:<a@example.org"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("RCPT TO:<>"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("RCPT TO:<no-at-sign>"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("RCPT TO:<a..b@example.org>"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("RCPT TO:<a@-bad-.example>"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("MAIL FROM:<a@example.org> SIZE=1 SIZE=2"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("BDAT x"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("BDAT \u0661\u0660")); // Arabic-Indic 10
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("BDAT +10"));
        assertInstanceOf(SmtpCommand.BadArguments.class, SmtpCommand.parse("DATA now"));
    }

    @Test
    void advertisesTheExtensionsWithTheSessionSizeAndStartTlsWhereAvailable() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(26_214_400, 100, 10, 0, 0);
        SmtpSession session = open(true);
        Reply ehlo = session.handle("EHLO client.example.net");
        assertTrue(ehlo.lines().contains("250-SIZE 26214400"), ehlo.toString());
        assertTrue(ehlo.lines().contains("250 STARTTLS"), ehlo.toString());
        assertTrue(ehlo.lines().stream().noneMatch(line -> line.contains("AUTH")), "the MX listener offers no AUTH");
    }

    @Test
    void acceptsAMessageAndHandsTheWholeTransactionToTheBackend() throws Exception {
        SmtpSession session = greeted();
        assertEquals(Reply.of("250 2.1.0 Sender OK"), session.handle("MAIL FROM:<alice@example.net> SIZE=40 BODY=8BITMIME RET=HDRS ENVID=abc+2Bdef"));
        assertEquals(Reply.of("250 2.1.5 Recipient OK"), session.handle("RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org"));
        assertEquals(Reply.of("250 2.1.5 Recipient OK"), session.handle("RCPT TO:<carol@example.org>"));
        Reply data = session.handle("DATA");
        assertEquals(List.of("354 Start mail input; end with <CRLF>.<CRLF>"), data.lines());

        assertEquals(Reply.of("250 2.0.0 Queued as 1"), send(session, data, "Subject: hi\r\n\r\n..dot\r\n.\r\n"));

        assertEquals(List.of("Subject: hi\r\n\r\n.dot\r\n"), backend.delivered);
        Envelope envelope = backend.envelopes.get(0);
        assertEquals("alice@example.net", envelope.sender());
        assertEquals("client.example.net", envelope.helo());
        assertTrue(envelope.esmtp() && envelope.eightBit());
        assertEquals(40, envelope.declaredSize());
        assertEquals("HDRS", envelope.dsnReturn());
        assertEquals("abc+2Bdef", envelope.dsnEnvelopeId());
        assertEquals(List.of(new Recipient("bob@example.org", "SUCCESS,FAILURE", "rfc822;bob@example.org"),
                new Recipient("carol@example.org")), envelope.recipients());
        // The transaction is over: a new one may start.
        assertEquals(Reply.of("250 2.1.0 Sender OK"), session.handle("MAIL FROM:<>"));
    }

    @Test
    void enforcesTheOrderOfCommands() throws BackendUnavailableException {
        SmtpSession session = open(false);
        assertEquals(Reply.of("503 5.5.1 Send HELO or EHLO first"), session.handle("MAIL FROM:<a@example.net>"));
        session.handle("HELO client.example.net");
        assertEquals(Reply.of("503 5.5.1 Need MAIL before RCPT"), session.handle("RCPT TO:<b@example.org>"));
        session.handle("MAIL FROM:<a@example.net>");
        assertEquals(Reply.of("503 5.5.1 Nested MAIL command"), session.handle("MAIL FROM:<a@example.net>"));
        assertEquals(Reply.of("554 5.5.1 No valid recipients"), session.handle("DATA"));
        assertEquals(Reply.of("250 2.0.0 OK"), session.handle("RSET"));
        assertEquals(Reply.of("503 5.5.1 Need MAIL before RCPT"), session.handle("RCPT TO:<b@example.org>"));
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void refusesUnknownParametersAndNonAsciiWithoutSmtpUtf8() throws BackendUnavailableException {
        SmtpSession session = greeted();
        assertEquals(Reply.of("555 5.5.4 Unsupported MAIL parameter FOO"), session.handle("MAIL FROM:<a@example.net> FOO=1"));
        assertEquals(Reply.of("555 5.5.4 BODY must be 7BIT or 8BITMIME"), session.handle("MAIL FROM:<a@example.net> BODY=BINARYMIME"));
        assertEquals(Reply.of("501 5.5.4 SIZE needs a number of octets"), session.handle("MAIL FROM:<a@example.net> SIZE=big"));
        assertEquals(Reply.of("501 5.5.4 SIZE needs a number of octets"),
                session.handle("MAIL FROM:<a@example.net> SIZE=\u0661\u0660\u0660"));
        assertEquals(Reply.of("553 5.6.7 Non-ASCII address requires SMTPUTF8"), session.handle("MAIL FROM:<jörg@example.net>"));
        assertEquals(Reply.of("250 2.1.0 Sender OK"), session.handle("MAIL FROM:<jörg@example.net> SMTPUTF8"));
        assertEquals(Reply.of("250 2.1.5 Recipient OK"), session.handle("RCPT TO:<ümlaut@example.org>"));
        assertEquals(Reply.of("501 5.5.4 NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY"),
                session.handle("RCPT TO:<b@example.org> NOTIFY=NEVER,SUCCESS"));
    }

    @Test
    void refusesADeclaredSizeOverTheLimitAtOnce() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 100, 10, 0, 0);
        SmtpSession session = greeted();
        assertEquals(Reply.of("552 5.3.4 Message size exceeds fixed maximum message size of 1000"),
                session.handle("MAIL FROM:<a@example.net> SIZE=1001"));
    }

    @Test
    void refusesAMessageThatGrowsOverTheLimitOfARecipientsDomain() throws Exception {
        backend.recipientPolicy = recipient -> RecipientVerdict.accept(recipient.address().startsWith("small") ? 10 : Long.MAX_VALUE);
        SmtpSession session = greeted();
        session.handle("MAIL FROM:<a@example.net>");
        session.handle("RCPT TO:<big@example.org>");
        session.handle("RCPT TO:<small@example.org>");
        assertEquals(Reply.of("552 5.3.4 Message size exceeds the maximum of 10 octets"),
                send(session, session.handle("DATA"), "01234567890123456789\r\n.\r\n"));
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void rejectsBareLineEndsInsteadOfGuessingWhereTheMessageEnds() throws Exception {
        SmtpSession session = inTransaction();
        assertEquals(Reply.of("550 5.6.0 Message contains a bare CR or LF; lines must end with CRLF (RFC 5321 section 2.3.8)"),
                send(session, session.handle("DATA"), "x\n.\nMAIL FROM:<smuggled@example.net>\r\n.\r\n"));
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void capsTheRecipientsOfOneMessage() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 2, 10, 0, 0);
        SmtpSession session = greeted();
        session.handle("MAIL FROM:<a@example.net>");
        session.handle("RCPT TO:<b1@example.org>");
        session.handle("RCPT TO:<b2@example.org>");
        assertEquals(Reply.of("452 4.5.3 Too many recipients"), session.handle("RCPT TO:<b3@example.org>"));
    }

    @Test
    void dropsAClientThatKeepsSendingBadCommands() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 100, 3, 0, 0);
        SmtpSession session = greeted();
        session.handle("BOGUS");
        session.handle("RCPT TO:<b@example.org>");
        session.handle("MAIL FROM:<broken");
        assertEquals(Reply.closing("500 5.5.1 Command unrecognized", "421 4.7.0 Too many errors; closing connection"),
                session.handle("BOGUS"));
    }

    @Test
    void overlongLinesCountAsBadCommands() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 100, 2, 0, 0);
        SmtpSession session = greeted();
        assertEquals(Reply.of("500 5.5.2 Line too long"), session.lineTooLong());
        assertEquals(Reply.of("500 5.5.2 Line too long"), session.lineTooLong());
        assertEquals(Reply.closing("500 5.5.2 Line too long", "421 4.7.0 Too many errors; closing connection"),
                session.lineTooLong());
    }

    @Test
    void slowsDownAndThenDropsAnAddressHarvester() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 100, 100, 2, 5);
        backend.recipientPolicy = recipient -> RecipientVerdict.unknownUser();
        SmtpSession session = greeted();
        session.handle("MAIL FROM:<a@example.net>");
        for (int i = 1; i <= 4; i++) {
            assertEquals(Reply.of("550 5.1.1 No such user here"), session.handle("RCPT TO:<guess" + i + "@example.org>"));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), pauses);
        assertEquals(Reply.closing("550 5.1.1 No such user here", "421 4.7.0 Too many unknown recipients; closing connection"),
                session.handle("RCPT TO:<guess5@example.org>"));
    }

    @Test
    void aRefusedRecipientDoesNotCountAsHarvesting() throws BackendUnavailableException {
        backend.smtpLimits = new SmtpLimits(1000, 100, 100, 1, 2);
        backend.recipientPolicy = recipient -> RecipientVerdict.refuse(new SmtpReply(550, "5.7.1", "Relaying denied"));
        SmtpSession session = greeted();
        session.handle("MAIL FROM:<a@example.net>");
        for (int i = 0; i < 5; i++) {
            assertEquals(Reply.of("550 5.7.1 Relaying denied"), session.handle("RCPT TO:<x" + i + "@elsewhere.example>"));
        }
        assertTrue(pauses.isEmpty());
    }

    @Test
    void takesAMessageInChunks() throws Exception {
        SmtpSession session = inTransaction();
        Reply first = session.handle("BDAT 10");
        assertEquals(Reply.of("250 2.0.0 10 octets received"), send(session, first, "Subject: x"));
        assertEquals(Reply.of("503 5.5.1 Send BDAT, or RSET to abandon the message"), session.handle("DATA"));
        Reply last = session.handle("BDAT 8 LAST");
        assertEquals(Reply.of("250 2.0.0 Queued as 1"), send(session, last, "\r\n\r\nhi\r\n"));
        assertEquals(List.of("Subject: x\r\n\r\nhi\r\n"), backend.delivered);
    }

    @Test
    void chunksAddUpAgainstTheSizeLimit() throws Exception {
        backend.smtpLimits = new SmtpLimits(20, 100, 10, 0, 0);
        SmtpSession session = inTransaction();
        assertEquals(Reply.of("250 2.0.0 15 octets received"), send(session, session.handle("BDAT 15"), "Subject: x\r\n\r\na"));
        assertEquals(Reply.of("552 5.3.4 Message size exceeds the maximum of 20 octets"),
                send(session, session.handle("BDAT 15 LAST"), "bcdefghijklmn\r\n"));
        assertTrue(backend.delivered.isEmpty());
        assertEquals(Reply.of("503 5.5.1 Need MAIL before RCPT"), session.handle("RCPT TO:<b@example.org>"), "the transaction ended");
    }

    @Test
    void theSystemSizeLimitHoldsOnTheStreamWhenNoSizeWasDeclared() throws Exception {
        backend.smtpLimits = new SmtpLimits(100, 100, 10, 0, 0);
        SmtpSession session = inTransaction();
        assertEquals(Reply.of("552 5.3.4 Message size exceeds the maximum of 100 octets"),
                send(session, session.handle("DATA"), "Subject: x\r\n\r\n" + "0123456789\r\n".repeat(20) + ".\r\n"));
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void aNewGreetingAbandonsTheTransaction() throws Exception {
        SmtpSession session = inTransaction();
        assertEquals("250", session.handle("HELO again.example.net").lines().getFirst().substring(0, 3));
        assertEquals(Reply.of("503 5.5.1 Need MAIL before DATA"), session.handle("DATA"));
        assertEquals(Reply.of("250 2.1.0 Sender OK"), session.handle("MAIL FROM:<a@example.net>"));
        session.handle("RCPT TO:<b@example.org>");
        send(session, session.handle("DATA"), "Subject: s\r\n\r\nhi\r\n.\r\n");
        assertEquals("again.example.net", backend.envelopes.getLast().helo());
    }

    @Test
    void readsAndDropsAChunkSentOutOfOrder() throws Exception {
        SmtpSession session = greeted();
        Reply chunk = session.handle("BDAT 5 LAST");
        assertEquals(Reply.of("503 5.5.1 Need MAIL before BDAT"), send(session, chunk, "hello"));
        assertTrue(backend.delivered.isEmpty());
    }

    @Test
    void startTlsForgetsEverythingSaidBefore() throws BackendUnavailableException {
        SmtpSession session = open(true);
        session.handle("EHLO client.example.net");
        session.handle("MAIL FROM:<a@example.net>");
        Reply start = session.handle("STARTTLS");
        assertEquals(List.of("220 2.0.0 Ready to start TLS"), start.lines());
        assertInstanceOf(Reply.StartTls.class, start.then());

        ConnectionInfo secured = new ConnectionInfo("smtp", MX.remote(), MX.local(), true);
        assertEquals(Reply.of(), session.tlsStarted(secured));
        assertEquals(Reply.of("503 5.5.1 Send HELO or EHLO first"), session.handle("MAIL FROM:<a@example.net>"));
        Reply ehlo = session.handle("EHLO client.example.net");
        assertTrue(ehlo.lines().stream().noneMatch(line -> line.contains("STARTTLS")), ehlo.toString());
        assertEquals(Reply.of("503 5.5.1 TLS already active"), session.handle("STARTTLS"));
    }

    @Test
    void startTlsIsRefusedWhereNoCertificateIsConfigured() throws BackendUnavailableException {
        SmtpSession session = greeted();
        assertEquals(Reply.of("502 5.5.1 STARTTLS not available"), session.handle("STARTTLS"));
        assertNull(session.handle("NOOP").then());
    }

    @Test
    void authIsNotOfferedOnTheMxListener() throws BackendUnavailableException {
        backend.answeringLogins(LoginResult.success("alice@example.org"));
        SmtpSession session = greeted();
        assertEquals(Reply.of("502 5.5.1 AUTH not available here; use the submission port"), session.handle("AUTH PLAIN"));
        assertTrue(backend.logins.isEmpty());
    }
}
