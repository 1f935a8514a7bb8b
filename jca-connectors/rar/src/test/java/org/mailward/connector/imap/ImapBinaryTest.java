package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.ClientInput;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.mailbox.MessageShape;

/** FETCH BINARY, BINARY.PEEK and BINARY.SIZE, and APPEND of a literal8 (RFC 3516). */
class ImapBinaryTest {

    private static final String HEADER = "Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n";
    private static final String PART1 = "Caf=C3=A9 au lait=\r\n, s'il vous pla=C3=AEt   \r\nfin";
    private static final String PART2 = Base64.getMimeEncoder().encodeToString("\u0000binary\u00ff".getBytes(StandardCharsets.ISO_8859_1));

    private static ImapSession selected(String secondEncoding) throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        String message = HEADER + "--b\r\n\r\n" + PART1 + "\r\n--b\r\n\r\n" + PART2 + "\r\n--b--\r\n";
        int start1 = message.indexOf(PART1);
        int start2 = message.indexOf(PART2);
        FakeMailboxes.Message stored = mailboxes.message("INBOX", message);
        stored.shape = new MessageShape("NIL", "NIL", "NIL",
                Map.of("1", new long[] {start1, start1 + PART1.length(), -1, -1, -1, -1, -1, -1},
                        "2", new long[] {start2, start2 + PART2.length(), -1, -1, -1, -1, -1, -1}),
                Map.of("1", "quoted-printable", "2", secondEncoding));
        ImapSession session = loggedIn(mailboxes);
        answer(session, "s EXAMINE INBOX");
        return session;
    }

    @Test
    void fetchesDecodedPartsAndTheirSizes() throws BackendUnavailableException {
        ImapSession session = selected("BASE64");
        String decoded = "Caf\u00e9 au lait, s'il vous pla\u00eet\r\nfin";
        int octets = decoded.getBytes(StandardCharsets.UTF_8).length;

        assertEquals(List.of("* 1 FETCH (BINARY.SIZE[1] " + octets + " BINARY[1] ~{" + octets + "}", "Caf\u00e9 au lait, s'il vous pla\u00eet",
                "fin BINARY.SIZE[2] 8)", "a OK FETCH completed"), answer(session, "a FETCH 1 (BINARY.SIZE[1] BINARY.PEEK[1] BINARY.SIZE[2])"),
                "quoted-printable: =XX octets, soft line breaks and padding before a line end undone");
        assertEquals(List.of("* 1 FETCH (BINARY[2]<1> ~{6}", "binary)", "b OK FETCH completed"),
                answer(session, "b FETCH 1 BINARY.PEEK[2]<1.6>"), "the partial counts decoded octets");
        assertEquals(List.of("* 1 FETCH (BINARY[3] ~{0}", ")", "c OK FETCH completed"), answer(session, "c FETCH 1 BINARY.PEEK[3]"),
                "a part that does not exist is empty");
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("d FETCH 1 BINARY[1.TEXT]"));
        assertInstanceOf(ImapCommand.Malformed.class, ImapCommand.parse("d FETCH 1 BINARY.SIZE[1]<0.5>"));
    }

    @Test
    void anUnknownTransferEncodingIsRefused() throws BackendUnavailableException {
        ImapSession session = selected("x-uuencode");

        assertEquals(List.of("a NO [UNKNOWN-CTE] A part asked for in BINARY has a transfer encoding this server cannot decode"),
                answer(session, "a FETCH 1 BINARY.PEEK[2]"));
        assertEquals(List.of("* 1 FETCH (BINARY.SIZE[1] 36)", "b OK FETCH completed"), answer(session, "b FETCH 1 BINARY.SIZE[1]"),
                "another part of the message is fine");
    }

    @Test
    void appendTakesALiteral8AndUtf8Form() throws BackendUnavailableException {
        FakeMailboxes mailboxes = new FakeMailboxes().folder("INBOX", null);
        ImapSession session = loggedIn(mailboxes);
        byte[] message = "Subject: x\r\n\r\n\u0000\r\n".getBytes(StandardCharsets.UTF_8);

        for (String command : List.of("a APPEND INBOX ~{" + message.length + "+}", "b APPEND INBOX (\\Seen) UTF8 (~{" + message.length + "+}")) {
            Reply read = session.handle(command);
            send(message, (Reply.ReadChunk) read.then());
            session.dataReceived(false);
            String tag = command.substring(0, 1);
            assertEquals(List.of(tag + " OK [APPENDUID 7 " + (tag.equals("a") ? 1 : 2) + "] APPEND completed"),
                    answer(session, tag.equals("a") ? "" : ")"));
        }
        assertArrayEquals(message, mailboxes.folders.get("INBOX").messages.get(1L).content);
        assertEquals(List.of("\\Seen"), mailboxes.folders.get("INBOX").messages.get(2L).flags);
    }

    /** The client's octets, read by the connection's own reader as the listener would. */
    private static void send(byte[] octets, Reply.ReadChunk read) {
        try {
            ClientInput input = new ClientInput(new ByteArrayInputStream(octets), 1000);
            assertTrue(input.readExactly(read.size(), read.into()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
