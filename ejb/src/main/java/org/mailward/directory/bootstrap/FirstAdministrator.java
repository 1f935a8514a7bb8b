package org.mailward.directory.bootstrap;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.directory.keycloak.KeycloakAdmin;
import org.mailward.directory.keycloak.KeycloakException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Logger;

/**
 * On the first start, creates the system administrator in Keycloak with a random password and
 * writes it once to {@code <data>/initial-admin.txt}, readable by the owner only. There is no
 * default password anywhere. Nothing happens when the file exists or when the realm already has
 * a system administrator (an operator who brought their own). If Keycloak is not up yet, it tries
 * again every {@value #RETRY_SECONDS} seconds in the background.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class FirstAdministrator {

    static final String USERNAME = "admin";
    static final String ROLE = "system-admin";
    static final String FILE_NAME = "initial-admin.txt";
    private static final long RETRY_SECONDS = 15;
    private static final Logger LOG = Logger.getLogger(FirstAdministrator.class.getName());

    @Inject
    private KeycloakAdmin keycloak;

    @Inject
    private ServerSettings settings;

    @Resource
    private TimerService timers;

    /** The first attempt runs during deployment, so the file exists once the server reports ready. */
    @PostConstruct
    void firstAttempt() {
        if (!Files.exists(credentialsFile())) {
            ensureAdministrator();
        }
    }

    @Timeout
    void ensureAdministrator() {
        try {
            if (keycloak.anyUserWithRole(ROLE)) {
                LOG.info("A system administrator exists in Keycloak; no initial administrator created");
                return;
            }
            String password = PasswordGenerator.generate(20);
            Path file = writeOnce(password);
            keycloak.createUser(USERNAME, "postmaster@" + settings.hostname(), "System", "Administrator", password, ROLE);
            LOG.info(() -> "Created the first system administrator '" + USERNAME + "'; password written to " + file);
        } catch (KeycloakException e) {
            LOG.warning(() -> "Cannot create the first system administrator yet (" + e.getMessage()
                    + "); trying again in " + RETRY_SECONDS + " s");
            timers.createSingleActionTimer(RETRY_SECONDS * 1000, new TimerConfig(null, false));
        }
    }

    private Path credentialsFile() {
        return settings.dataDirectory().resolve(FILE_NAME);
    }

    /**
     * Writes the file before creating the user, so that a crash in between leaves a password
     * nobody can use rather than an administrator nobody knows the password of.
     */
    private Path writeOnce(String password) {
        Path file = credentialsFile();
        String text = """
                Mailward first system administrator
                user: %s
                password: %s
                login: %s/
                Change this password in Keycloak's account console, then delete this file.
                """.formatted(USERNAME, password, settings.webUrl());
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Another process is writing " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
