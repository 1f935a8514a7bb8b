package org.mailward.directory.account;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.directory.UniqueNames;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.alias.AliasTargets;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.domain.DomainRepository;
import org.mailward.directory.keycloak.KeycloakAdmin;
import org.mailward.directory.keycloak.KeycloakUser;
import org.mailward.directory.settings.SettingsService;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Accounts: a domain administrator manages those of their domain within its limits; only the
 * system administrator grants the domain-admin role; a user reads their own account, renames it
 * and changes their own password. Each account is a Keycloak user named by its address, which
 * holds the password.
 */
@Stateless
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());

    @PersistenceContext
    private EntityManager em;

    @Inject
    private DomainRepository domains;

    @Inject
    private AccountRepository accounts;

    @Inject
    private AccessControl access;

    @Inject
    private KeycloakAdmin keycloak;

    @Inject
    private SettingsService settings;

    @Inject
    private AliasTargets aliasTargets;

    @Inject
    private Event<CredentialsChanged> credentialsChanged;

    @Inject
    private Event<AccountCreated> accountCreated;

    @Inject
    private Event<AccountDeleted> accountDeleted;

    @Resource
    private TransactionSynchronizationRegistry transaction;

    public Page<AccountView> list(Caller caller, String domainName, PageRequest page) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        String where = " from Account a where a.domain = :domain and (a.localPart like :search escape '\\'"
                + " or lower(a.displayName) like :search escape '\\')";
        long total = em.createQuery("select count(a)" + where, Long.class)
                .setParameter("domain", domain).setParameter("search", page.likePattern()).getSingleResult();
        List<AccountView> items = em.createQuery("select a" + where + " order by a.localPart", Account.class)
                .setParameter("domain", domain).setParameter("search", page.likePattern())
                .setFirstResult(page.offset()).setMaxResults(page.limit())
                .getResultList().stream().map(Account::view).toList();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    public AccountView get(Caller caller, String domainName, String localPart) {
        return administeredAccount(caller, domainName, localPart).view();
    }

    public AccountView own(Caller caller) {
        return access.requireOwnAccount(caller).view();
    }

    public AccountView create(Caller caller, String domainName, AccountChanges changes) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        AccountRole role = changes.role() == null ? AccountRole.USER : AccountRole.of(changes.role());
        requireRoleGrant(caller, role);
        String localPart = Addresses.localPart(changes.localPart());
        domains.lockForLimits(domain);
        if (accounts.addressTaken(domain, localPart)) {
            throw DirectoryException.conflict(localPart + "@" + domain.name() + " exists already (as an account or an alias)");
        }
        int maxUsers = domain.limits().maxUsers();
        if (maxUsers > 0 && domains.users(domain) >= maxUsers) {
            throw DirectoryException.conflict("The domain " + domain.name() + " has reached its limit of " + maxUsers + " user(s)");
        }
        domain.passwordPolicy().check(changes.password());
        String address = localPart + "@" + domain.name();
        Account account = new Account(domain, localPart);
        account.role(role);
        applyAdministrativeChanges(account, domain, changes);
        if (changes.displayName() != null && !changes.displayName().isBlank()) {
            account.displayName(validDisplayName(changes.displayName()));
        }
        String[] names = splitName(account.displayName());
        String keycloakId = keycloak.createUser(new KeycloakUser(address, address, names[0], names[1],
                changes.password(), realmRoles(role), domain.name()));
        undoUnlessCommitted(() -> keycloak.deleteUser(keycloakId), "remove the Keycloak user " + keycloakId + " of " + address);
        account.linkTo(keycloakId);
        UniqueNames.insert(em, account, address + " exists already");
        accountCreated.fire(new AccountCreated(account));
        LOG.info(() -> caller.username() + " created the account " + address);
        return account.view();
    }

    public AccountView update(Caller caller, String domainName, String localPart, AccountChanges changes) {
        Account account = administeredAccount(caller, domainName, localPart);
        if (changes.localPart() != null && !Addresses.localPart(changes.localPart()).equals(account.localPart())) {
            throw DirectoryException.invalid("An account cannot be renamed; add an alias instead");
        }
        if (changes.password() != null) {
            throw DirectoryException.invalid("Change a password with PUT .../password");
        }
        // Everything is checked before Keycloak hears of a change.
        AccountRole newRole = changes.role() == null ? account.role() : AccountRole.of(changes.role());
        if (newRole != account.role()) {
            requireRoleGrant(caller, AccountRole.DOMAIN_ADMIN);
        }
        String newName = changes.displayName() == null ? null : validDisplayName(changes.displayName());
        boolean wasEnabled = account.enabled();
        Set<MailProtocol> protocolsBefore = account.protocols();
        AccountRole roleBefore = account.role();
        String[] namesBefore = splitName(account.displayName());
        applyAdministrativeChanges(account, account.domain(), changes);
        String keycloakId = account.keycloakId();
        undoUnlessCommitted(() -> {
            keycloak.updateUser(keycloakId, wasEnabled, namesBefore[0], namesBefore[1]);
            keycloak.setRealmRoles(keycloakId, Set.copyOf(realmRoles(roleBefore)));
        }, "restore the Keycloak user " + keycloakId + " of " + account.address());
        if (newRole != account.role()) {
            account.role(newRole);
            keycloak.setRealmRoles(account.keycloakId(), Set.copyOf(realmRoles(newRole)));
        }
        boolean enabledChanged = wasEnabled != account.enabled();
        if (newName != null) {
            account.displayName(newName);
        }
        if (enabledChanged || newName != null) {
            // One read-modify-write of the Keycloak user for both changes.
            String[] names = newName == null ? new String[] {null, null} : splitName(newName);
            keycloak.updateUser(keycloakId, enabledChanged ? account.enabled() : null, names[0], names[1]);
        }
        if (enabledChanged || !protocolsBefore.equals(account.protocols())) {
            credentialsChanged.fire(new CredentialsChanged(account.address()));
        }
        return account.view();
    }

    /** A user changes their own display name; nothing else of the account is theirs to change. */
    public AccountView updateOwn(Caller caller, AccountChanges changes) {
        Account account = access.requireOwnAccount(caller);
        if (changes.enabled() != null || changes.role() != null || changes.quotaMb() != null
                || changes.protocols() != null || changes.password() != null || changes.localPart() != null) {
            throw DirectoryException.forbidden("You may change only your display name here (and your password with PUT /me/password)");
        }
        if (changes.displayName() != null) {
            rename(account, changes.displayName());
        }
        return account.view();
    }

    public void delete(Caller caller, String domainName, String localPart) {
        Account account = administeredAccount(caller, domainName, localPart);
        if (account.address().equals(caller.username())) {
            throw DirectoryException.conflict("You cannot delete your own account");
        }
        // Keycloak first: if it cannot be reached nothing changes, and no login outlives the account.
        keycloak.deleteUser(account.keycloakId());
        settings.forgetAccount(account);
        int aliases = aliasTargets.removeEverywhere(account.address());
        accountDeleted.fire(new AccountDeleted(account));
        em.remove(account);
        credentialsChanged.fire(new CredentialsChanged(account.address()));
        LOG.info(() -> caller.username() + " deleted the account " + account.address()
                + (aliases > 0 ? " and removed it from " + aliases + " alias(es)" : ""));
    }

    public void resetPassword(Caller caller, String domainName, String localPart, String password) {
        setPassword(administeredAccount(caller, domainName, localPart), password);
    }

    public void changeOwnPassword(Caller caller, String password) {
        setPassword(access.requireOwnAccount(caller), password);
    }

    private void setPassword(Account account, String password) {
        account.domain().passwordPolicy().check(password);
        keycloak.resetPassword(account.keycloakId(), password);
        credentialsChanged.fire(new CredentialsChanged(account.address()));
    }


    /**
     * An account the caller may manage: any in their domain, except that only the system
     * administrator manages domain administrators (a domain administrator manages their own).
     */
    private Account administeredAccount(Caller caller, String domainName, String localPart) {
        Domain domain = access.requireDomainAdmin(caller, domainName);
        String normalised = Addresses.localPart(localPart);
        Account account = accounts.find(domain, normalised)
                .orElseThrow(() -> DirectoryException.notFound("No account " + normalised + "@" + domain.name()));
        if (!caller.systemAdmin() && account.role() == AccountRole.DOMAIN_ADMIN && !account.address().equals(caller.username())) {
            throw DirectoryException.forbidden("Only a system administrator may manage another domain administrator");
        }
        return account;
    }

    /** Granting or withdrawing the domain-admin role is the system administrator's decision. */
    private static void requireRoleGrant(Caller caller, AccountRole role) {
        if (role == AccountRole.DOMAIN_ADMIN && !caller.systemAdmin()) {
            throw DirectoryException.forbidden("Only a system administrator may grant or withdraw the domain-admin role");
        }
    }

    private static void applyAdministrativeChanges(Account account, Domain domain, AccountChanges changes) {
        if (changes.enabled() != null) {
            account.enabled(changes.enabled());
        }
        if (changes.quotaMb() != null) {
            long quota = changes.quotaMb();
            long domainSpace = domain.limits().diskSpaceMb();
            if (quota < 0) {
                throw DirectoryException.invalid("quotaMb must be 0 (unlimited) or more");
            }
            if (domainSpace > 0 && (quota == 0 || quota > domainSpace)) {
                throw DirectoryException.conflict("The quota must be between 1 and the domain's disk space of "
                        + domainSpace + " MB");
            }
            account.quotaMb(quota);
        }
        if (changes.protocols() != null) {
            Set<MailProtocol> allowed = EnumSet.noneOf(MailProtocol.class);
            changes.protocols().forEach(name -> allowed.add(MailProtocol.of(name)));
            account.protocols(allowed);
        }
    }

    private void rename(Account account, String displayName) {
        String name = validDisplayName(displayName);
        account.displayName(name);
        String[] names = splitName(name);
        keycloak.updateUser(account.keycloakId(), null, names[0], names[1]);
    }

    private static String validDisplayName(String displayName) {
        String name = displayName.trim();
        if (name.isEmpty() || name.length() > 255) {
            throw DirectoryException.invalid("displayName must have 1 to 255 characters");
        }
        return name;
    }

    /** Keycloak wants a first and a last name: the last word is the last name. */
    private static String[] splitName(String displayName) {
        int space = displayName.lastIndexOf(' ');
        return space < 0 ? new String[] {displayName, ""}
                : new String[] {displayName.substring(0, space), displayName.substring(space + 1)};
    }

    private static List<String> realmRoles(AccountRole role) {
        List<String> roles = new ArrayList<>(List.of(AccountRole.USER.roleName()));
        if (role == AccountRole.DOMAIN_ADMIN) {
            roles.add(role.roleName());
        }
        return roles;
    }

    /**
     * Keycloak is changed before the transaction commits (it must refuse first, if it refuses);
     * should the transaction then roll back, {@code undo} puts Keycloak back as it was.
     */
    private void undoUnlessCommitted(Runnable undo, String what) {
        transaction.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    try {
                        undo.run();
                    } catch (RuntimeException e) {
                        LOG.warning(() -> "A directory change rolled back, and Mailward could not " + what + ": " + e.getMessage());
                    }
                }
            }
        });
    }
}
