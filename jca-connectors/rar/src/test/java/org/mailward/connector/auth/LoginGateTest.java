package org.mailward.connector.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;

class LoginGateTest {

    private static final ConnectionInfo PLAINTEXT = new ConnectionInfo("imap",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2143), false);
    private static final ConnectionInfo TLS = new ConnectionInfo("imaps",
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 2993), true);

    private final Logger logger = Logger.getLogger(LoginGate.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final List<LoginRequest> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void captureLog() {
        logger.addHandler(handler);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(handler);
    }

    private LoginGate gate(LoginResult result) {
        return new LoginGate("imap", request -> {
            requests.add(request);
            return result;
        });
    }

    @Test
    void permitsLoginsOnTlsOrWhereTheGreetingAllowsThem() {
        LoginGate gate = gate(LoginResult.failed("no"));
        assertFalse(gate.permitted()); // not opened yet

        gate.open(PLAINTEXT, Greeting.welcome("hi", false));
        assertFalse(gate.permitted());
        assertThrows(IllegalStateException.class, () -> gate.login(new Credentials("alice", "secret")));

        gate.open(PLAINTEXT, Greeting.welcome("hi", true));
        assertTrue(gate.permitted());

        gate.open(TLS, Greeting.welcome("hi", false));
        assertTrue(gate.permitted());
        assertTrue(requests.isEmpty());
    }

    @Test
    void aSuccessRemembersTheCanonicalAccount() throws BackendUnavailableException {
        LoginGate gate = gate(LoginResult.success("alice@example.org"));
        gate.open(TLS, Greeting.welcome("hi", false));

        assertEquals(LoginResult.success("alice@example.org"), gate.login(new Credentials("alice", "secret")));

        assertTrue(gate.authenticated());
        assertEquals("alice@example.org", gate.account());
        assertEquals(List.of(new LoginRequest(TLS, "imap", "alice", "secret")), requests);
        assertThrows(IllegalStateException.class, () -> gate.login(new Credentials("alice", "secret")));
    }

    @Test
    void openingAgainAfterStartTlsForgetsTheLogin() throws BackendUnavailableException {
        LoginGate gate = gate(LoginResult.success("alice@example.org"));
        gate.open(PLAINTEXT, Greeting.welcome("hi", true));
        gate.login(new Credentials("alice", "secret"));

        gate.open(TLS, Greeting.welcome("hi", true));

        assertFalse(gate.authenticated());
        assertNull(gate.account());
    }

    @Test
    void aFailureLeavesTheConnectionUnauthenticated() throws BackendUnavailableException {
        LoginGate gate = gate(LoginResult.failed("Invalid credentials"));
        gate.open(TLS, Greeting.welcome("hi", false));

        assertEquals(LoginResult.Outcome.FAILED, gate.login(new Credentials("alice", "wrong")).outcome());

        assertFalse(gate.authenticated());
        assertNull(gate.account());
    }

    @Test
    void aMissingVerdictIsABackendFailure() {
        LoginGate gate = gate(null);
        gate.open(TLS, Greeting.welcome("hi", false));

        assertThrows(BackendUnavailableException.class, () -> gate.login(new Credentials("alice", "secret")));
    }

    @Test
    void logsOneInfoLinePerOutcomeWithoutThePassword() throws BackendUnavailableException {
        LoginGate gate = gate(LoginResult.failed("Invalid credentials"));
        gate.open(TLS, Greeting.welcome("hi", false));

        gate.login(new Credentials("eve\r\nforged", "s3cr3t-pw"));

        assertEquals(1, logged.size());
        LogRecord record = logged.get(0);
        assertEquals(Level.INFO, record.getLevel());
        assertTrue(record.getMessage().contains("imap login FAILED for eve??forged from"), record.getMessage());
        assertFalse(record.getMessage().contains("s3cr3t-pw"));
    }

    @Test
    void userNamesCannotScrambleOrFloodTheLog() throws BackendUnavailableException {
        LoginGate gate = gate(LoginResult.failed("Invalid credentials"));
        gate.open(TLS, Greeting.welcome("hi", false));

        gate.login(new Credentials("eve\u2028forged\u202eevil" + "x".repeat(500), "pw"));

        String message = logged.get(0).getMessage();
        assertTrue(message.contains("for eve?forged?evil"), message);
        assertFalse(message.contains("\u2028") || message.contains("\u202e"), message);
        assertTrue(message.length() < 250, "the logged name is capped: " + message.length());
    }
}
