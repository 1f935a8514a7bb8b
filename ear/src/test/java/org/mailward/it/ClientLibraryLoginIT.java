package org.mailward.it;

import org.apache.commons.net.imap.AuthenticatingIMAPClient;
import org.apache.commons.net.imap.IMAPSClient;
import org.apache.commons.net.pop3.POP3SClient;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.security.GeneralSecurityException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mail client library (Apache Commons Net) logs in over each implicit-TLS listener, as a client application would. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibraryLoginIT {

    private String user;

    @BeforeAll
    void anAccount() {
        ApiClient admin = ApiClient.asAdministrator();
        String domain = TestDomains.create(admin, "client", "");
        TestDomains.createAccount(admin, domain, "pat", "user");
        user = "pat@" + domain;
    }

    @Test
    void imapsLoginAndAuthenticatePlain() throws IOException, GeneralSecurityException {
        IMAPSClient imap = new IMAPSClient(true, ItEnvironment.trustServerCertificate());
        imap.connect(ItEnvironment.HOST, 2993);
        try {
            assertFalse(imap.login(user, "not-the-password"), imap.getReplyString());
            assertTrue(imap.login(user, TestDomains.PASSWORD), imap.getReplyString());
        } finally {
            imap.disconnect();
        }
        AuthenticatingIMAPClient authenticating = new AuthenticatingIMAPClient(true, ItEnvironment.trustServerCertificate());
        authenticating.connect(ItEnvironment.HOST, 2993);
        try {
            assertTrue(authenticating.authenticate(AuthenticatingIMAPClient.AUTH_METHOD.PLAIN, user, TestDomains.PASSWORD),
                    authenticating.getReplyString());
        } finally {
            authenticating.disconnect();
        }
    }

    @Test
    void pop3sUserPass() throws IOException {
        POP3SClient pop3 = new POP3SClient(true, ItEnvironment.trustServerCertificate());
        pop3.connect(ItEnvironment.HOST, 2995);
        try {
            assertTrue(pop3.login(user, TestDomains.PASSWORD), pop3.getReplyString());
        } finally {
            pop3.disconnect();
        }
    }

    @Test
    void smtpsAuthPlainAndLogin() throws IOException, GeneralSecurityException {
        for (AuthenticatingSMTPClient.AUTH_METHOD method
                : new AuthenticatingSMTPClient.AUTH_METHOD[] {AuthenticatingSMTPClient.AUTH_METHOD.PLAIN, AuthenticatingSMTPClient.AUTH_METHOD.LOGIN}) {
            AuthenticatingSMTPClient smtp = new AuthenticatingSMTPClient(true, ItEnvironment.trustServerCertificate());
            smtp.connect(ItEnvironment.HOST, 2465);
            try {
                assertEquals(250, smtp.ehlo("client.test"), smtp.getReplyString());
                assertTrue(smtp.auth(method, user, TestDomains.PASSWORD), method + ": " + smtp.getReplyString());
                assertEquals(235, smtp.getReplyCode());
            } finally {
                smtp.disconnect();
            }
        }
    }
}
