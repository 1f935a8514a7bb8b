package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.net.Reply;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.testing.FakeEndpointFactory;

/** Sessions logged in over TLS to a {@link FakeMailboxes}, and what they answer, as lines. */
final class ImapTestSessions {

    /** What the server offers once a client has logged in. */
    static final String AUTHENTICATED_CAPABILITIES = "IMAP4rev1 IMAP4rev2 LITERAL+ ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN SPECIAL-USE STATUS=SIZE UIDPLUS MOVE UTF8=ACCEPT ESEARCH SEARCHRES LIST-EXTENDED LIST-STATUS CREATE-SPECIAL-USE BINARY"
            + " SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES"
            + " APPENDLIMIT=52428800 QUOTA QUOTA=RES-STORAGE";

    private static final ConnectionInfo CLIENT = new ConnectionInfo("imaps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2993), true);

    private ImapTestSessions() {
    }

    static ImapSession loggedIn(FakeMailboxes mailboxes) {
        FakeEndpointFactory factory = FakeEndpointFactory.welcoming("Ready").answeringLogins(LoginResult.success("alice@example.org"));
        factory.mailboxes = mailboxes;
        ImapSession session = new ImapSession(new EndpointInvoker<>(factory, MailboxBackend.class));
        try {
            session.open(CLIENT);
            assertTrue(answer(session, "l LOGIN alice secret").getLast().startsWith("l OK"));
        } catch (BackendUnavailableException e) {
            throw new IllegalStateException(e);
        }
        return session;
    }

    /** Everything the session writes for one command line: its lines, then any streamed output split into lines. */
    static List<String> answer(ImapSession session, String line) throws BackendUnavailableException {
        Reply reply = session.handle(line);
        List<String> lines = new ArrayList<>(reply.lines());
        if (reply.output() != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                reply.output().writeTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String written = out.toString(StandardCharsets.UTF_8);
            lines.addAll(List.of(written.substring(0, written.length() - 2).split("\r\n", -1)));
        }
        return lines;
    }
}
