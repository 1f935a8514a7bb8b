package org.mailward.it;

import org.apache.commons.net.imap.IMAPClient;
import org.apache.commons.net.imap.IMAPSClient;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3SClient;
import org.apache.commons.net.smtp.SMTPClient;
import org.apache.commons.net.smtp.SMTPSClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every listener greets through its message endpoint and says goodbye properly, in clear and over TLS. */
@Tag("smoke")
class ListenerGreetingIT {

    @Test
    void smtpAndSubmissionGreetAndQuit() throws IOException {
        for (int port : new int[]{2525, 2587}) {
            SMTPClient smtp = new SMTPClient();
            smtp.connect(ItEnvironment.HOST, port);
            try {
                assertEquals(220, smtp.getReplyCode(), smtp.getReplyString());
                assertTrue(smtp.getReplyString().contains("Mailward ESMTP ready"), smtp.getReplyString());
                assertEquals(221, smtp.quit(), smtp.getReplyString());
            } finally {
                smtp.disconnect();
            }
        }
    }

    @Test
    void smtpsGreetsOverImplicitTlsWithTheServerCertificate() throws IOException {
        SMTPSClient smtps = new SMTPSClient(true, ItEnvironment.trustServerCertificate());
        smtps.connect(ItEnvironment.HOST, 2465);
        try {
            assertEquals(220, smtps.getReplyCode(), smtps.getReplyString());
            assertEquals(221, smtps.quit());
        } finally {
            smtps.disconnect();
        }
    }

    @Test
    void imapAndImapsGreetAndLogOut() throws IOException {
        IMAPClient imap = new IMAPClient();
        imap.connect(ItEnvironment.HOST, 2143);
        assertTrue(imap.getReplyString().startsWith("* OK"), imap.getReplyString());
        assertTrue(imap.logout(), imap.getReplyString());
        assertTrue(imap.getReplyString().contains("* BYE"), imap.getReplyString());
        imap.disconnect();

        IMAPSClient imaps = new IMAPSClient(true, ItEnvironment.trustServerCertificate());
        imaps.connect(ItEnvironment.HOST, 2993);
        assertTrue(imaps.getReplyString().startsWith("* OK"), imaps.getReplyString());
        assertTrue(imaps.logout(), imaps.getReplyString());
        imaps.disconnect();
    }

    @Test
    void pop3AndPop3sGreetAndQuit() throws IOException {
        POP3Client pop3 = new POP3Client();
        pop3.connect(ItEnvironment.HOST, 2110);
        assertTrue(pop3.getReplyString().startsWith("+OK"), pop3.getReplyString());
        assertTrue(pop3.logout(), pop3.getReplyString());
        pop3.disconnect();

        POP3SClient pop3s = new POP3SClient(true, ItEnvironment.trustServerCertificate());
        pop3s.connect(ItEnvironment.HOST, 2995);
        assertTrue(pop3s.getReplyString().startsWith("+OK"), pop3s.getReplyString());
        assertTrue(pop3s.logout(), pop3s.getReplyString());
        pop3s.disconnect();
    }

    @Test
    void smtpAnswersAnOverlongLineAndGarbageThenStillServesTheSession() throws IOException {
        try (Socket socket = new Socket(ItEnvironment.HOST, 2525)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            assertTrue(in.readLine().startsWith("220 "));

            byte[] overlong = new byte[20_000];
            Arrays.fill(overlong, (byte) 'A');
            out.write(overlong);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(in.readLine().startsWith("500 5.5.2"), "overlong line");

            out.write(new byte[]{0, (byte) 0xff, (byte) 0xfe, 7, 27, (byte) 0x80, '\r', '\n'});
            out.flush();
            assertTrue(in.readLine().startsWith("5"), "garbage gets a 5xx");

            out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(in.readLine().startsWith("250 "), "session still serves");

            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(in.readLine().startsWith("221 "));
            assertNull(in.readLine(), "the server closes after QUIT");
        }
        // The listener itself survived.
        SMTPClient smtp = new SMTPClient();
        smtp.connect(ItEnvironment.HOST, 2525);
        assertEquals(220, smtp.getReplyCode());
        smtp.quit();
        smtp.disconnect();
    }
}
