package org.mailward.security.login;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.mailward.directory.account.CredentialsChanged;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passwords Keycloak accepted recently, so that a busy server does not ask Keycloak at every
 * login. Only a salted SHA-256 digest is kept, in memory, and never longer than the configured
 * age (60 s at most); a password changed or an account disabled through Mailward is forgotten at once.
 */
@ApplicationScoped
public class VerifiedLogins {

    private static final int SALT_BYTES = 16;
    private static final int PRUNE_ABOVE = 100_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(byte[] salt, byte[] digest, Instant verifiedAt) {
    }

    /** Whether {@code password} is the one verified for {@code account} within {@code maxAge}. */
    public boolean matches(String account, String password, Duration maxAge) {
        Entry entry = entries.get(account);
        if (entry == null || entry.verifiedAt().plus(maxAge).isBefore(Instant.now())) {
            return false;
        }
        return MessageDigest.isEqual(entry.digest(), digest(entry.salt(), password));
    }

    public void remember(String account, String password, Duration maxAge) {
        if (maxAge.isZero()) {
            return;
        }
        if (entries.size() > PRUNE_ABOVE) {
            Instant oldest = Instant.now().minus(maxAge);
            entries.values().removeIf(entry -> entry.verifiedAt().isBefore(oldest));
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        entries.put(account, new Entry(salt, digest(salt, password), Instant.now()));
    }

    public void forget(String account) {
        entries.remove(account);
    }

    void credentialsChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CredentialsChanged change) {
        forget(change.address());
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
