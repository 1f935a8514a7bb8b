package org.mailward.security.ids;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.logging.Logger;

/**
 * The intrusion-detection block list shared by every protocol: failed logins are counted per
 * client address and per account, and an address past the limit within the window is blocked
 * for the configured time. The system administrator lists blocks and lifts them.
 */
@Stateless
public class IntrusionDetection {

    private static final Logger LOG = Logger.getLogger(IntrusionDetection.class.getName());
    /** The characters of an IPv4 or IPv6 address literal: nothing else is looked up, or logged. */
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    @PersistenceContext
    private EntityManager em;

    @Inject
    private SystemSettings settings;

    @Inject
    private LoginFailures failures;

    @Inject
    private AccessControl access;

    @Resource
    private SessionContext self;

    /** The block in force for a client address, if any. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<IdsBlockView> activeBlock(String address) {
        return Optional.ofNullable(em.find(IdsBlock.class, address))
                .filter(block -> block.activeAt(Instant.now()))
                .map(IdsBlock::view);
    }

    /**
     * Counts a failed login from {@code address} (against {@code account} when the user is known);
     * returns true when the address is blocked from now on.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public boolean loginFailed(String address, String account, String protocol) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Duration window = Duration.ofSeconds(settings.number(Setting.IDS_WINDOW_SECONDS));
        int count = failures.record(address, account, now, window);
        int limit = settings.number(Setting.IDS_MAX_FAILED_LOGINS);
        if (count < limit) {
            return false;
        }
        Instant until = now.plusSeconds(settings.number(Setting.IDS_BLOCK_SECONDS));
        String reason = count + " failed " + protocol + " logins within " + window.toSeconds() + " s";
        try {
            self.getBusinessObject(IntrusionDetection.class).block(address, reason, now, until);
        } catch (EJBException e) {
            // Another session blocked the address at the same moment: it is blocked either way.
            LOG.fine(() -> "Concurrent IDS block of " + address + ": " + e);
        }
        LOG.warning(() -> "IDS blocked " + address + " until " + until + ": " + reason);
        return true;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void block(String address, String reason, Instant now, Instant until) {
        IdsBlock existing = em.find(IdsBlock.class, address);
        if (existing == null) {
            em.persist(new IdsBlock(address, reason, now, until));
        } else {
            existing.renew(reason, now, until);
        }
    }

    /** The blocks in force, newest first; expired ones are removed on the way. */
    public List<IdsBlockView> list(Caller caller) {
        access.requireSystemAdmin(caller, "see the IDS block list");
        Instant now = Instant.now();
        em.createQuery("delete from IdsBlock b where b.expiresAt <= :now").setParameter("now", now).executeUpdate();
        return em.createQuery("select b from IdsBlock b order by b.blockedAt desc", IdsBlock.class)
                .getResultList().stream().map(IdsBlock::view).toList();
    }

    public void unblock(Caller caller, String address) {
        access.requireSystemAdmin(caller, "lift IDS blocks");
        if (!IP_ADDRESS.matcher(address).matches()) {
            throw DirectoryException.invalid("An IPv4 or IPv6 address is required");
        }
        IdsBlock block = Optional.ofNullable(em.find(IdsBlock.class, address))
                .orElseThrow(() -> DirectoryException.notFound(address + " is not blocked"));
        em.remove(block);
        failures.forgive(address);
        LOG.info(() -> caller.username() + " lifted the IDS block of " + address);
    }
}
