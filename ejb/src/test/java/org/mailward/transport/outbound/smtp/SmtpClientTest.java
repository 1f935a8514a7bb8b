package org.mailward.transport.outbound.smtp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpClientTest {

    private static final EnvelopeRecipient ALICE = new EnvelopeRecipient("alice@remote.test", null, null);
    private static final EnvelopeRecipient BOB = new EnvelopeRecipient("bob@remote.test", null, null);
    private static final String MESSAGE = "From: sender@mailward.test\r\nTo: alice@remote.test\r\nSubject: hello\r\n\r\nHello.\r\n";
    private static final Credentials LOGIN = new Credentials("relay-user", "s3cret-pass");

    private static ScriptedSmtpServer.Tls tls;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = ScriptedSmtpServer.selfSignedTls(dir);
    }

    @Test
    void withPipeliningMailRcptAndDataGoInOneBatchAndTheMessageArrivesWhole() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING", "SIZE 10000000", "8BITMIME").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertEquals(List.of(ALICE, BOB), List.copyOf(result.replies().keySet()));
            for (SmtpReply reply : result.replies().values()) {
                assertEquals("250 2.0.0 queued as 1", reply.diagnostic());
            }
            assertFalse(result.canTryNextHost());
            assertFalse(result.tls());
            assertEquals("localhost", result.remoteName());
            assertEquals(List.of(List.of("EHLO client.test"),
                    List.of("MAIL FROM:<sender@mailward.test> SIZE=" + MESSAGE.length(), "RCPT TO:<alice@remote.test>",
                            "RCPT TO:<bob@remote.test>", "DATA"),
                    List.of("QUIT")), server.batches());
            assertEquals(MESSAGE, server.data());
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("8BITMIME").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertTrue(result.replies().values().stream().allMatch(SmtpReply::positive));
            assertEquals(List.of("EHLO client.test", "MAIL FROM:<sender@mailward.test>", "RCPT TO:<alice@remote.test>",
                    "RCPT TO:<bob@remote.test>", "DATA", "QUIT"), server.lines());
            assertTrue(server.commands().stream().noneMatch(ScriptedSmtpServer.Command::moreWaiting));
        }
    }

    @Test
    void aServerThatRefusesEhloGetsHeloAndNoExtensions() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("EHLO", "502 5.5.2 command not recognized").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC), envelope(ALICE), message(MESSAGE));

            assertTrue(result.replies().get(ALICE).positive());
            assertEquals(List.of("EHLO client.test", "HELO client.test", "MAIL FROM:<sender@mailward.test>",
                    "RCPT TO:<alice@remote.test>", "DATA", "QUIT"), server.lines());
        }
    }

    @Test
    void aRefusedRecipientKeepsItsRcptReplyWhileTheOtherGetsTheMessage() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING")
                .reply("RCPT TO:<alice@", "550 5.1.1 <alice@remote.test>: no such user").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            SmtpReply alice = result.replies().get(ALICE);
            assertTrue(alice.permanentFailure());
            assertEquals("5.1.1", alice.enhancedStatus());
            assertEquals("550 5.1.1 <alice@remote.test>: no such user", alice.diagnostic());
            assertEquals("250 2.0.0 queued as 1", result.replies().get(BOB).diagnostic());
            assertFalse(result.canTryNextHost());
            assertEquals(MESSAGE, server.data());
        }
    }

    @Test
    void aReplyCannotStartALineWhereItIsShown() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .reply("RCPT TO:<alice@", "550 5.1.1 no\u0085such\u2028user\u2029here\u0007").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertEquals("550 5.1.1 no such user here", result.replies().get(ALICE).diagnostic(),
                    "NEL, the Unicode separators and control characters become spaces");
        }
    }

    @Test
    void aTemporaryRcptRefusalOfTheOnlyRecipientSendsNoData() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("RCPT", "450 4.2.1 mailbox busy").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), message(MESSAGE));

            SmtpReply alice = result.replies().get(ALICE);
            assertTrue(alice.transientFailure());
            assertEquals("4.2.1", alice.enhancedStatus());
            assertFalse(result.canTryNextHost(), "the server decided about the recipient");
            assertEquals(List.of("EHLO client.test", "MAIL FROM:<sender@mailward.test>", "RCPT TO:<alice@remote.test>", "QUIT"),
                    server.lines());
        }
    }

    @Test
    void aPipelinedDataThatGets354WithNoRecipientAcceptedGetsOnlyTheDot() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING")
                .reply("RCPT", "550 5.1.1 no such user").reply("DATA", "354 go ahead anyway").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertTrue(result.replies().values().stream().allMatch(reply -> reply.code() == 550));
            assertEquals("", server.data(), "RFC 2920 section 3.1: an empty message, never the content");
            assertEquals("QUIT", server.lines().getLast());
        }
    }

    @Test
    void aRefusedSenderAnswersForEveryRecipient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING")
                .reply("MAIL", "553 5.1.8 sender domain does not exist").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            for (SmtpReply reply : result.replies().values()) {
                assertEquals("553 5.1.8 sender domain does not exist", reply.diagnostic());
            }
            assertFalse(result.canTryNextHost());
            assertEquals("", server.data());
        }
    }

    @Test
    void aMessageOverTheServersSizeLimitIsRefusedBeforeMailFrom() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING", "SIZE 20").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            for (SmtpReply reply : result.replies().values()) {
                assertEquals(552, reply.code());
                assertEquals("5.3.4", reply.enhancedStatus());
            }
            assertFalse(result.canTryNextHost());
            assertEquals(List.of("EHLO client.test", "QUIT"), server.lines());
        }
    }

    @Test
    void aNonAsciiAddressNeedsSmtpUtf8AndIsRefusedWithoutIt() throws Exception {
        EnvelopeRecipient jose = new EnvelopeRecipient("josé@exämple.test", null, null);
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("8BITMIME").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(jose, ALICE), message(MESSAGE));

            for (SmtpReply reply : result.replies().values()) {
                assertEquals(553, reply.code());
                assertEquals("5.6.7", reply.enhancedStatus());
            }
            assertEquals(List.of("EHLO client.test", "QUIT"), server.lines());
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("8BITMIME", "SMTPUTF8").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(jose), message(MESSAGE));

            assertTrue(result.replies().get(jose).positive());
            assertTrue(server.lines().contains("MAIL FROM:<sender@mailward.test> SMTPUTF8"), server.lines().toString());
            assertTrue(server.lines().contains("RCPT TO:<josé@exämple.test>"), server.lines().toString());
        }
    }

    @Test
    void utf8HeaderFieldsAskForSmtpUtf8EvenWithAsciiAddresses() throws Exception {
        MessageContent utf8Headers = new MessageContent(MESSAGE.length(), false, true, () -> stream(MESSAGE));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("SMTPUTF8").start()) {
            SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), utf8Headers);
            assertEquals("MAIL FROM:<sender@mailward.test> SMTPUTF8", server.lines().get(1));
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), utf8Headers);
            assertEquals("5.6.7", result.replies().get(ALICE).enhancedStatus());
        }
    }

    @Test
    void anEightBitBodyAsksFor8BitMimeWhenOfferedAndIsSentAnyway() throws Exception {
        String body = "Subject: cafe\r\n\r\nDéjà vu.\r\n";
        MessageContent eightBit = MessageContent.scan(body.getBytes(StandardCharsets.UTF_8).length, () -> stream(body));
        assertTrue(eightBit.eightBitBody());
        assertFalse(eightBit.eightBitHeaders());
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("8BITMIME").start()) {
            SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), eightBit);
            assertEquals("MAIL FROM:<sender@mailward.test> BODY=8BITMIME", server.lines().get(1));
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), eightBit);
            assertTrue(result.replies().get(ALICE).positive());
            assertEquals("MAIL FROM:<sender@mailward.test>", server.lines().get(1));
            assertEquals(body, server.data());
        }
    }

    @Test
    void dsnParametersGoOnlyToAServerOfferingDsnAndAreXtextEncoded() throws Exception {
        EnvelopeRecipient carol = new EnvelopeRecipient("carol@remote.test", "FAILURE,DELAY", "rfc822;carol+lists=x@remote.test");
        Envelope envelope = new Envelope("sender@mailward.test", List.of(carol), "HDRS", "queue 7+1=8");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("DSN").start()) {
            assertTrue(SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope, message(MESSAGE)).remoteDsn(),
                    "the server reports further itself");
            assertEquals("MAIL FROM:<sender@mailward.test> RET=HDRS ENVID=queue+207+2B1+3D8", server.lines().get(1));
            assertEquals("RCPT TO:<carol@remote.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;carol+2Blists+3Dx@remote.test",
                    server.lines().get(2));
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            assertFalse(SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope, message(MESSAGE)).remoteDsn());
            assertEquals("MAIL FROM:<sender@mailward.test>", server.lines().get(1));
            assertEquals("RCPT TO:<carol@remote.test>", server.lines().get(2));
        }
    }

    @Test
    void linesStartingWithADotAreStuffedAndBareLineFeedsBecomeCrlf() throws Exception {
        String stored = "Subject: dots\n\n.leading dot\r\nmid.dle\n..two\n.\nlast line without an end";
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), message(stored));

            assertTrue(result.replies().get(ALICE).positive());
            assertEquals("Subject: dots\r\n\r\n..leading dot\r\nmid.dle\r\n...two\r\n..\r\nlast line without an end\r\n",
                    server.data());
        }
    }

    @Test
    void a421GreetingLetsTheCallerTryTheNextHostAndGetsNoQuit() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().greeting("421 4.3.2 too busy, try later").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            for (SmtpReply reply : result.replies().values()) {
                assertEquals("421 4.3.2 too busy, try later", reply.diagnostic());
            }
            assertEquals(List.of(), server.lines());
        }
    }

    @Test
    void a554GreetingBecomesATemporaryHostFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().greeting("554 5.7.1 no service for you").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            SmtpReply reply = result.replies().get(ALICE);
            assertTrue(reply.transientFailure());
            assertTrue(reply.diagnostic().contains("554 5.7.1 no service for you"), reply.diagnostic());
            assertEquals(List.of("QUIT"), server.lines());
        }
    }

    @Test
    void aRefusedConnectionLetsTheCallerTryTheNextHost() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        SmtpTarget target = new SmtpTarget("mx.remote.test", InetAddress.getLoopbackAddress(), closedPort, false,
                TlsPolicy.OPPORTUNISTIC, "client.test", null, null, Duration.ofSeconds(5), Duration.ofSeconds(5));

        SmtpResult result = SmtpClient.deliver(target, envelope(ALICE, BOB), message(MESSAGE));

        assertTrue(result.canTryNextHost());
        for (SmtpReply reply : result.replies().values()) {
            assertEquals("451 4.4.1 connection refused by mx.remote.test[127.0.0.1]:" + closedPort, reply.diagnostic());
        }
    }

    @Test
    void opportunisticTlsAcceptsASelfSignedCertificateAndSaysEhloAgain() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS", "PIPELINING")
                .tls(tls.server(), false).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC), envelope(ALICE), message(MESSAGE));

            assertTrue(result.replies().get(ALICE).positive());
            assertTrue(result.tls());
            List<ScriptedSmtpServer.Command> commands = server.commands();
            assertEquals(List.of("EHLO client.test", "STARTTLS", "EHLO client.test"),
                    commands.stream().limit(3).map(ScriptedSmtpServer.Command::line).toList());
            assertTrue(commands.stream().skip(2).allMatch(ScriptedSmtpServer.Command::tls));
            assertEquals(MESSAGE, server.data());
        }
    }

    @Test
    void opportunisticTlsGoesOnInPlainTextWhenStartTlsIsRefused() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS")
                .reply("STARTTLS", "454 4.7.0 TLS not available").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC), envelope(ALICE), message(MESSAGE));

            assertTrue(result.replies().get(ALICE).positive());
            assertFalse(result.tls());
        }
    }

    @Test
    void verifyRefusesASelfSignedCertificate() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS").tls(tls.server(), false).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.VERIFY), envelope(ALICE), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            SmtpReply reply = result.replies().get(ALICE);
            assertTrue(reply.transientFailure());
            assertEquals("4.7.5", reply.enhancedStatus());
            assertTrue(server.handshakeFailed());
            assertEquals(List.of("EHLO client.test", "STARTTLS"), server.lines());
        }
    }

    @Test
    void verifyAcceptsATrustedCertificateOnlyForTheNameItCarries() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS").tls(tls.server(), false).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.VERIFY), envelope(ALICE), message(MESSAGE),
                    tls.trustingIt());
            assertTrue(result.replies().get(ALICE).positive());
            assertTrue(result.tls());
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS").tls(tls.server(), false).start()) {
            SmtpTarget target = server.target(TlsPolicy.VERIFY);
            SmtpTarget otherName = new SmtpTarget("mx.remote.test", target.address(), target.port(), false,
                    TlsPolicy.VERIFY, "client.test", null, null, target.connectTimeout(), target.commandTimeout());
            SmtpResult result = SmtpClient.deliver(otherName, envelope(ALICE), message(MESSAGE), tls.trustingIt());
            assertTrue(result.canTryNextHost());
            assertEquals("4.7.5", result.replies().get(ALICE).enhancedStatus());
        }
    }

    @Test
    void verifyWithoutStartTlsOnOfferIsAHostFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.VERIFY), envelope(ALICE), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            assertEquals("4.7.5", result.replies().get(ALICE).enhancedStatus());
            assertEquals(List.of("EHLO client.test", "QUIT"), server.lines());
        }
    }

    @Test
    void implicitTlsTalksTlsFromTheFirstByte() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("AUTH PLAIN").tls(tls.server(), true)
                .login(LOGIN.username(), LOGIN.password()).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.VERIFY, LOGIN, Duration.ofSeconds(5)),
                    envelope(ALICE), message(MESSAGE), tls.trustingIt());

            assertTrue(result.replies().get(ALICE).positive(), result.toString());
            assertTrue(result.tls());
            assertTrue(server.commands().stream().allMatch(ScriptedSmtpServer.Command::tls));
        }
    }

    @Test
    void authPlainIsPreferredAndSentUnderTls() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS", "AUTH LOGIN PLAIN")
                .tls(tls.server(), false).login(LOGIN.username(), LOGIN.password()).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC, LOGIN, Duration.ofSeconds(5)),
                    envelope(ALICE), message(MESSAGE));

            assertTrue(result.replies().get(ALICE).positive(), result.toString());
            ScriptedSmtpServer.Command auth = server.commands().get(3);
            assertTrue(auth.tls());
            assertEquals("AUTH PLAIN " + base64("\0relay-user\0s3cret-pass"), auth.line());
        }
    }

    @Test
    void authLoginServesAServerWithoutPlain() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS", "AUTH=LOGIN")
                .tls(tls.server(), false).login(LOGIN.username(), LOGIN.password()).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC, LOGIN, Duration.ofSeconds(5)),
                    envelope(ALICE), message(MESSAGE));

            assertTrue(result.replies().get(ALICE).positive(), result.toString());
            assertEquals(List.of("AUTH LOGIN", base64("relay-user"), base64("s3cret-pass")), server.lines().subList(3, 6));
        }
    }

    @Test
    void credentialsAreNeverSentWithoutTls() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("AUTH PLAIN LOGIN")
                .login(LOGIN.username(), LOGIN.password()).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE, LOGIN, Duration.ofSeconds(5)),
                    envelope(ALICE), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            assertEquals("4.7.0", result.replies().get(ALICE).enhancedStatus());
            assertTrue(result.replies().get(ALICE).transientFailure());
            assertEquals(List.of("EHLO client.test", "QUIT"), server.lines());
        }
    }

    @Test
    void aRefusedLoginIsATemporaryHostFailureCarryingTheServersText() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("STARTTLS", "AUTH PLAIN")
                .tls(tls.server(), false).login(LOGIN.username(), "another password").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.OPPORTUNISTIC, LOGIN, Duration.ofSeconds(5)),
                    envelope(ALICE, BOB), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            for (SmtpReply reply : result.replies().values()) {
                assertEquals(451, reply.code());
                assertEquals("4.7.0", reply.enhancedStatus());
                assertTrue(reply.diagnostic().endsWith("535 5.7.8 authentication credentials invalid"), reply.diagnostic());
            }
            assertFalse(server.lines().stream().anyMatch(line -> line.startsWith("MAIL")));
        }
    }

    @Test
    void aSilentServerTimesOutAsAHostFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().greeting(ScriptedSmtpServer.SILENT).start()) {
            long start = System.nanoTime();
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE, null, Duration.ofMillis(500)),
                    envelope(ALICE), message(MESSAGE));

            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
            assertTrue(result.canTryNextHost());
            assertEquals("451 4.4.2 timeout waiting for the greeting from localhost", result.replies().get(ALICE).diagnostic());
        }
    }

    @Test
    void aSilentReplyToRcptTimesOutAsAHostFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("RCPT", ScriptedSmtpServer.SILENT).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE, null, Duration.ofMillis(500)),
                    envelope(ALICE), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            assertEquals("451 4.4.2 timeout waiting for the reply to RCPT TO from localhost",
                    result.replies().get(ALICE).diagnostic());
        }
    }

    @Test
    void aConnectionLostAfterTheDataIsNoLongerTheHostsFailure() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().reply("RCPT TO:<bob@", "550 5.1.1 no such user")
                .endOfData(ScriptedSmtpServer.CLOSE).start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertFalse(result.canTryNextHost(), "the server may have taken the message");
            SmtpReply alice = result.replies().get(ALICE);
            assertEquals(451, alice.code());
            assertEquals("4.4.2", alice.enhancedStatus());
            assertEquals(550, result.replies().get(BOB).code());
        }
    }

    @Test
    void a421ToRcptAbandonsTheHostForEveryRecipient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().offering("PIPELINING")
                .reply("RCPT TO:<bob@", "421 4.7.0 too many errors").start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE, BOB), message(MESSAGE));

            assertTrue(result.canTryNextHost());
            for (SmtpReply reply : result.replies().values()) {
                assertEquals("421 4.7.0 too many errors", reply.diagnostic());
            }
            assertEquals("", server.data());
        }
    }

    @Test
    void aServerThatStopsReadingTheDataTimesOutTheWrite() throws Exception {
        long size = 256L * 1024 * 1024; // far more than the socket buffers hold
        MessageContent huge = new MessageContent(size, false, false, () -> endless(size));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().stopReadingAtData().start()) {
            long start = System.nanoTime();
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE, null, Duration.ofMillis(500)),
                    envelope(ALICE), huge);

            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
            assertTrue(result.canTryNextHost());
            assertEquals("451 4.4.2 timeout sending the message to localhost", result.replies().get(ALICE).diagnostic());
        }
    }

    @Test
    void anUnreadableStoredMessageIsNotSentAndNotTheHostsFault() throws Exception {
        MessageContent missing = new MessageContent(10, false, false, () -> {
            throw new IOException("blob gone");
        });
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpResult result = SmtpClient.deliver(server.target(TlsPolicy.NONE), envelope(ALICE), missing);

            assertFalse(result.canTryNextHost());
            assertEquals("451 4.3.0 the message could not be read from the store", result.replies().get(ALICE).diagnostic());
            assertEquals("DATA", server.lines().getLast(), "no dot, no QUIT: the server drops the transaction");
            assertEquals("", server.data());
        }
    }

    private static Envelope envelope(EnvelopeRecipient... recipients) {
        return new Envelope("sender@mailward.test", List.of(recipients), null, null);
    }

    private static MessageContent message(String text) {
        return new MessageContent(text.getBytes(StandardCharsets.UTF_8).length, false, false, () -> stream(text));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code size} octets of text lines, made as they are read. */
    private static InputStream endless(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? (left % 78 == 0 ? '\n' : 'x') : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) read();
                }
                return n;
            }
        };
    }
}
