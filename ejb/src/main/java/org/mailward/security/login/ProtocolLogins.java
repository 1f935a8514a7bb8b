package org.mailward.security.login;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.account.Account;
import org.mailward.directory.account.AccountRepository;
import org.mailward.directory.account.MailProtocol;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;
import org.mailward.directory.domain.Features;
import org.mailward.directory.keycloak.KeycloakPasswordCheck;
import org.mailward.directory.keycloak.KeycloakUnreachableException;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;
import org.mailward.security.ids.IntrusionDetection;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The authentication service of SMTP AUTH, IMAP LOGIN/AUTHENTICATE and POP3: refuses blocked
 * client addresses, finds the account (by {@code user@domain}, a domain alias, or a bare user in
 * the domain the client named in the TLS handshake, else in the default domain), checks the
 * password with Keycloak unless it was verified moments ago, counts failures for intrusion
 * detection, and lets in only enabled accounts of enabled domains that may use the protocol.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ProtocolLogins {

    static final String FAILED = "Authentication failed";
    static final String BLOCKED = "Too many failed logins from your address; try again later";
    private static final Logger LOG = Logger.getLogger(ProtocolLogins.class.getName());

    @Inject
    private DomainRepository domains;

    @Inject
    private AccountRepository accounts;

    @Inject
    private KeycloakPasswordCheck keycloak;

    @Inject
    private VerifiedLogins verified;

    @Inject
    private IntrusionDetection ids;

    @Inject
    private SystemSettings settings;

    /**
     * The answer to a new connection: refused when its address is blocked (the same answer for
     * every protocol), otherwise welcomed with {@code welcome} and told whether logins without TLS are allowed.
     */
    public Greeting greeting(ConnectionInfo connection, String welcome) {
        if (ids.activeBlock(clientAddress(connection)).isPresent()) {
            return Greeting.refuse(BLOCKED);
        }
        return Greeting.welcome(welcome, plaintextAllowed());
    }

    private boolean plaintextAllowed() {
        return settings.flag(Setting.LOGIN_PLAINTEXT_ALLOWED);
    }

    public LoginResult login(LoginRequest request) {
        String client = clientAddress(request.connection());
        if (ids.activeBlock(client).isPresent()) {
            return LoginResult.blocked(BLOCKED);
        }
        if (!request.connection().tls() && !plaintextAllowed()) {
            return LoginResult.failed("Logins need TLS on this server");
        }
        MailProtocol protocol = MailProtocol.of(request.protocol());
        Optional<Account> found = account(request.username(), request.connection().serverName());
        if (found.isEmpty()) {
            spendAsLongAsAPasswordCheck(request);
            return failure(client, null, protocol, request.username());
        }
        Account account = found.get();
        String address = account.address();
        if (!account.enabled() || !account.domain().enabled()) {
            log(protocol, address, client, "refused: account or domain disabled");
            return LoginResult.failed(FAILED);
        }
        Duration cacheAge = Duration.ofSeconds(settings.number(Setting.LOGIN_CACHE_SECONDS));
        if (!verified.matches(address, request.password(), cacheAge)) {
            try {
                if (!keycloak.accepts(address, request.password())) {
                    verified.forget(address);
                    return failure(client, address, protocol, address);
                }
            } catch (KeycloakUnreachableException e) {
                LOG.warning(() -> "Cannot check a " + protocol.protocolName() + " login of " + address + ": " + e.getMessage());
                return LoginResult.unavailable("Authentication is temporarily unavailable; try again later");
            }
            verified.remember(address, request.password(), cacheAge);
        }
        if (!account.allows(protocol) || !domainAllows(account.domain().features(), protocol)) {
            log(protocol, address, client, "refused: protocol not enabled");
            return LoginResult.denied(protocol.protocolName().toUpperCase() + " is not enabled for this account");
        }
        return LoginResult.success(address);
    }

    /**
     * The account of {@code user@domain}; of a bare {@code user}, in the domain whose name, alias or
     * hostname the client asked for in the TLS handshake, else in the default domain.
     */
    private Optional<Account> account(String username, String serverName) {
        String name = username == null ? "" : username.trim();
        if (name.indexOf('@') < 0) {
            Optional<String> domain = listenerDomain(serverName);
            if (domain.isEmpty()) {
                return Optional.empty();
            }
            name = name + "@" + domain.get();
        }
        String address;
        try {
            address = Addresses.address(name);
        } catch (DirectoryException e) {
            return Optional.empty();
        }
        Optional<Domain> domain = domains.resolve(Addresses.domainOf(address));
        return domain.flatMap(found -> accounts.find(found, Addresses.localPartOf(address)));
    }

    private Optional<String> listenerDomain(String serverName) {
        Optional<String> requested = Optional.ofNullable(serverName)
                .flatMap(host -> domains.byNameAliasOrHostname(host.toLowerCase(Locale.ROOT)))
                .map(Domain::name);
        String defaultDomain = settings.value(Setting.LOGIN_DEFAULT_DOMAIN);
        return requested.or(() -> defaultDomain.isEmpty() ? Optional.empty() : Optional.of(defaultDomain));
    }

    private LoginResult failure(String client, String account, MailProtocol protocol, String username) {
        boolean blocked = ids.loginFailed(client, account, protocol.protocolName());
        log(protocol, username, client, blocked ? "failed; address now blocked" : "failed");
        return blocked ? LoginResult.blocked(BLOCKED) : LoginResult.failed(FAILED);
    }

    /**
     * An unknown user is answered no sooner than a known one: Keycloak checks the name as given
     * (it hashes a dummy password for users it does not know), so timing does not reveal accounts.
     */
    private void spendAsLongAsAPasswordCheck(LoginRequest request) {
        try {
            keycloak.accepts(request.username() == null ? "" : request.username(), request.password());
        } catch (KeycloakUnreachableException e) {
            // Nothing to hide when Keycloak cannot be asked; the login fails either way.
        }
    }

    private static boolean domainAllows(Features features, MailProtocol protocol) {
        return switch (protocol) {
            case IMAP -> features.imap();
            case POP3 -> features.pop();
            case SMTP -> features.submission();
        };
    }

    /** The client's address as the block list keys it: an IPv6 scope (%eth0) is no part of it. */
    private static String clientAddress(ConnectionInfo connection) {
        String address = connection.remote().getAddress().getHostAddress();
        int scope = address.indexOf('%');
        return scope < 0 ? address : address.substring(0, scope);
    }

    // The listener logs each outcome; this adds why, for operators who turn on FINE.
    private static void log(MailProtocol protocol, String username, String client, String outcome) {
        LOG.fine(() -> protocol.protocolName() + " login of " + printable(username) + " from " + client + " " + outcome);
    }

    /** User names come from the network: no controls, separators or bidi overrides reach the log. */
    private static String printable(String text) {
        String shown = text == null ? "" : text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "?");
        return shown.length() <= 100 ? shown : shown.substring(0, 100) + "...";
    }
}
