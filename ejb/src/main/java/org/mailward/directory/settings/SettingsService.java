package org.mailward.directory.settings;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.account.Account;
import org.mailward.directory.domain.Domain;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Settings resolved system, then domain, then account: a level's value wins over the one above
 * it unless the level above said the levels below may not override it. The system administrator
 * sets system values, a domain administrator their domain's, and a user their own.
 */
@Stateless
public class SettingsService {

    /** What a view shows for a secret that is set: the secret itself never leaves the server. */
    static final String SECRET_SET = "(set)";

    @PersistenceContext
    private EntityManager em;

    @Inject
    private AccessControl access;

    @Inject
    private Event<SystemSettingsChanged> systemSettingsChanged;

    /** One level of the chain: which level, and whose (0 for the system). */
    private record Scope(Level level, long id) {
    }

    public Map<String, SettingView> system(Caller caller) {
        access.requireSystemAdmin(caller, "read the system settings");
        return views(systemChain());
    }

    public Map<String, SettingView> changeSystem(Caller caller, Map<String, SettingChange> changes) {
        access.requireSystemAdmin(caller, "change the system settings");
        change(systemChain(), changes);
        systemSettingsChanged.fire(new SystemSettingsChanged());
        return views(systemChain());
    }

    public Map<String, SettingView> domain(Caller caller, String domainName) {
        return views(domainChain(access.requireDomainAdmin(caller, domainName)));
    }

    public Map<String, SettingView> changeDomain(Caller caller, String domainName, Map<String, SettingChange> changes) {
        List<Scope> chain = domainChain(access.requireDomainAdmin(caller, domainName));
        if (!caller.systemAdmin()) {
            changes.keySet().stream().map(Setting::byKey).flatMap(Optional::stream).filter(Setting::systemAdminOnly).findFirst()
                    .ifPresent(setting -> {
                        throw DirectoryException.forbidden(setting.key() + " is set by the system administrator only");
                    });
        }
        change(chain, changes);
        return views(chain);
    }

    public Map<String, SettingView> own(Caller caller) {
        return views(accountChain(access.requireOwnAccount(caller)));
    }

    public Map<String, SettingView> changeOwn(Caller caller, Map<String, SettingChange> changes) {
        List<Scope> chain = accountChain(access.requireOwnAccount(caller));
        change(chain, changes);
        return views(chain);
    }

    /** The values that apply to a domain: its own or the system's, as the levels allow; the levels are read once. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<Setting, String> domainValues(Domain domain, Setting... settings) {
        List<Map<String, SettingValue>> levels = rows(domainChain(domain));
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : settings) {
            values.put(setting, view(setting, levels).value());
        }
        return values;
    }

    /** The value that applies to an account: its own, its domain's or the system's, as the levels allow. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String accountValue(Account account, Setting setting) {
        return view(setting, rows(accountChain(account))).value();
    }

    public void forgetDomain(Domain domain) {
        forget(new Scope(Level.DOMAIN, domain.id()));
    }

    public void forgetAccount(Account account) {
        forget(new Scope(Level.ACCOUNT, account.id()));
    }


    private static List<Scope> systemChain() {
        return List.of(new Scope(Level.SYSTEM, 0));
    }

    private static List<Scope> domainChain(Domain domain) {
        return List.of(new Scope(Level.SYSTEM, 0), new Scope(Level.DOMAIN, domain.id()));
    }

    private static List<Scope> accountChain(Account account) {
        return List.of(new Scope(Level.SYSTEM, 0), new Scope(Level.DOMAIN, account.domain().id()),
                new Scope(Level.ACCOUNT, account.id()));
    }

    /** Every setting that may be set at the chain's last level, as that level sees it. */
    private Map<String, SettingView> views(List<Scope> chain) {
        Level target = chain.getLast().level();
        List<Map<String, SettingValue>> levels = rows(chain);
        Map<String, SettingView> views = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.settableAt(target)) {
                SettingView view = view(setting, levels);
                views.put(setting.key(), setting.secret() && !view.value().isEmpty()
                        ? new SettingView(SECRET_SET, view.setHere(), view.lowerMayOverride(), view.locked()) : view);
            }
        }
        return views;
    }

    /** A setting as the last of {@code levels} sees it; each level's rows keyed by setting name, widest first. */
    private static SettingView view(Setting setting, List<Map<String, SettingValue>> levels) {
        String value = setting.defaultValue();
        boolean mayOverride = true;
        for (Map<String, SettingValue> upper : levels.subList(0, levels.size() - 1)) {
            SettingValue row = upper.get(setting.key());
            if (row != null && mayOverride) {
                value = row.value();
                mayOverride = row.lowerMayOverride();
            }
        }
        SettingValue own = levels.getLast().get(setting.key());
        if (!mayOverride) {
            return new SettingView(value, false, false, true);
        }
        return own == null ? new SettingView(value, false, true, false)
                : new SettingView(own.value(), true, own.lowerMayOverride(), false);
    }

    private void change(List<Scope> chain, Map<String, SettingChange> changes) {
        Scope scope = chain.getLast();
        List<Map<String, SettingValue>> levels = rows(chain);
        Map<String, SettingValue> existing = levels.getLast();
        for (Map.Entry<String, SettingChange> entry : changes.entrySet()) {
            Setting setting = Setting.byKey(entry.getKey())
                    .orElseThrow(() -> DirectoryException.invalid("There is no setting " + entry.getKey()));
            if (!setting.settableAt(scope.level())) {
                throw DirectoryException.invalid(setting.key() + " cannot be set for a " + scope.level().name().toLowerCase());
            }
            if (view(setting, levels).locked()) {
                throw DirectoryException.forbidden(setting.key() + " is fixed by a higher level and cannot be changed here");
            }
            SettingChange change = entry.getValue();
            SettingValue row = existing.get(setting.key());
            if (change == null || change.value() == null) {
                if (row != null) {
                    em.remove(row);
                }
                continue;
            }
            String value = setting.validate(change.value());
            boolean lowerMayOverride = change.lowerMayOverride() == null || change.lowerMayOverride();
            if (row == null) {
                row = new SettingValue(scope.level(), scope.id(), setting.key());
                row.set(value, lowerMayOverride);
                em.persist(row);
            } else {
                row.set(value, lowerMayOverride);
            }
        }
        em.flush();
    }

    /** Each level's rows, read once, widest level first. */
    private List<Map<String, SettingValue>> rows(List<Scope> chain) {
        return chain.stream().map(this::rows).toList();
    }

    private Map<String, SettingValue> rows(Scope scope) {
        return em.createQuery("select s from SettingValue s where s.scope = :level and s.scopeId = :id", SettingValue.class)
                .setParameter("level", scope.level()).setParameter("id", scope.id())
                .getResultList().stream().collect(Collectors.toMap(SettingValue::name, Function.identity()));
    }

    private void forget(Scope scope) {
        em.createQuery("delete from SettingValue s where s.scope = :level and s.scopeId = :id")
                .setParameter("level", scope.level()).setParameter("id", scope.id()).executeUpdate();
    }
}
