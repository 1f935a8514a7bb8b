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
import org.mailward.directory.DirectoryException;
import org.mailward.directory.keycloak.KeycloakAdmin;
import org.mailward.directory.keycloak.KeycloakException;
import org.mailward.directory.keycloak.KeycloakUnreachableException;
import org.mailward.directory.keycloak.KeycloakUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Logger;

/**
 * On the first start, creates the system administrator in Keycloak with a random password and
 * then writes it to {@code <data>/initial-admin.txt}, readable by the owner only. There is no
 * default password anywhere. Nothing happens when the file exists or when the realm already has
 * a system administrator (an operator who brought their own). If Keycloak cannot be reached, it
 * tries again every {@value #RETRY_SECONDS} seconds in the background; if Keycloak refuses (for
 * example a user named {@value #USERNAME} exists without the role), it says why once and stops.
 * Should the server die between creating the user and writing the file, the operator resets the
 * password in Keycloak's admin console.
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
            keycloak.createUser(new KeycloakUser(USERNAME, "postmaster@" + settings.hostname(), "System", "Administrator",
                    password, List.of(ROLE), null));
            Path file = write(password);
            LOG.info(() -> "Created the first system administrator '" + USERNAME + "'; password written to " + file);
        } catch (KeycloakUnreachableException e) {
            LOG.warning(() -> "Cannot create the first system administrator yet (" + e.getMessage()
                    + "); trying again in " + RETRY_SECONDS + " s");
            timers.createSingleActionTimer(RETRY_SECONDS * 1000, new TimerConfig(null, false));
        } catch (KeycloakException | DirectoryException e) {
            LOG.severe(() -> "Keycloak refused to create the first system administrator: " + e.getMessage()
                    + ". Give a user the realm role '" + ROLE + "' in Keycloak's admin console.");
        }
    }

    private Path credentialsFile() {
        return settings.dataDirectory().resolve(FILE_NAME);
    }

    /** Written to a private temporary file, then moved into place: never a half-written password. */
    private Path write(String password) {
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
            Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, text);
            return Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Created the first administrator but cannot write " + file
                    + "; reset its password in Keycloak's admin console", e);
        }
    }
}
