package org.mailward.transport.outbound;

import jakarta.annotation.Resource;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.routing.Recipients;
import org.mailward.directory.settings.HostAndPort;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SettingsService;
import org.mailward.directory.settings.SystemSettings;
import org.mailward.transport.outbound.report.Action;
import org.mailward.transport.outbound.report.RecipientReport;
import org.mailward.transport.outbound.smtp.Credentials;
import org.mailward.transport.spool.Spool;
import org.mailward.transport.spool.SpoolMessage;
import org.mailward.transport.spool.SpoolRecipient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The outbound rows' book-keeping, each step in a short transaction of its own: reading a row
 * for an attempt, recording what the attempt decided (delivered recipients forgotten, failed ones
 * bounced, the rest scheduled again or, past {@code outbound.lifetime}, bounced), and the
 * administrator's retry, bounce and delete. A row's JMS message carries its attempt generation;
 * each step that schedules an attempt raises it, so a message scheduled before is stale and
 * ignored (ADR 0038).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class OutboundLedger {

    private static final Logger LOG = Logger.getLogger(OutboundLedger.class.getName());
    private static final String EXPIRED_STATUS = "4.4.7";
    /** Longer than any attempt lasts (connect, commands and data timeouts), so a running one is never taken for lost. */
    private static final Duration OVERDUE = Duration.ofMinutes(30);
    private static final int MOST_SWEPT = 1000;

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Spool spool;

    @Inject
    private Bounces bounces;

    @Inject
    private SystemSettings systemSettings;

    @Inject
    private SettingsService settings;

    @Inject
    private Recipients recipients;

    @Inject
    private JMSContext jms;

    @Resource(lookup = "java:/jms/queue/mail.dlq")
    private Queue deadLetters;

    /** The row as an attempt of {@code generation} sees it; empty when it is gone or a later attempt superseded that one. */
    public Optional<OutboundAttempt> claim(String id, int generation) {
        SpoolMessage row = em.find(SpoolMessage.class, id);
        if (row == null || row.direction() != SpoolMessage.Direction.OUTBOUND || row.generation() != generation) {
            return Optional.empty();
        }
        Optional<Domain> senderDomain = row.sender().isEmpty() ? Optional.empty() : recipients.localDomain(row.sender());
        return Optional.of(new OutboundAttempt(row.id(), row.generation(), row.blob(), row.size(), row.sender(),
                row.recipients(), row.dsnReturn(), row.dsnEnvelopeId(), row.receivedAt(), row.attempts(),
                senderDomain.map(Domain::name).orElse(null), relay(senderDomain)));
    }

    /** Holds the row back until {@code until} without counting an attempt (throttling, busy destination). */
    public void postpone(OutboundAttempt attempt, Instant until, String reason) {
        SpoolMessage row = locked(attempt.id());
        if (row != null && row.generation() == attempt.generation()) {
            row.heldUntil(until, reason);
            row.supersede(until);
            spool.schedule(row, until);
            LOG.info(() -> "Mailward holds outbound " + row.id() + " until " + until + ": " + reason);
        }
    }

    /** Records what an attempt decided for each recipient it tried. */
    public void record(OutboundAttempt attempt, List<RecipientOutcome> outcomes) {
        SpoolMessage row = locked(attempt.id());
        if (row == null) {
            LOG.info(() -> "Mailward outbound " + attempt.id() + " was deleted or bounced during its attempt");
            return;
        }
        Instant now = Instant.now();
        String destination = destination(row, outcomes);
        Map<String, RecipientOutcome> byAddress = outcomes.stream()
                .collect(Collectors.toMap(RecipientOutcome::address, Function.identity(), (first, second) -> first));
        List<String> settled = new ArrayList<>();
        List<RecipientReport> failed = new ArrayList<>();
        List<RecipientReport> relayed = new ArrayList<>();
        String lastError = null;
        int delivered = 0;
        for (SpoolRecipient recipient : row.waiting()) {
            RecipientOutcome outcome = byAddress.get(recipient.address());
            if (outcome == null) {
                continue;
            }
            switch (outcome.kind()) {
                case DELIVERED -> {
                    settled.add(recipient.address());
                    delivered++;
                    // RFC 3461 section 5.2.2.2: a server that does not offer DSN will not say it delivered; we say it was relayed.
                    if (!outcome.remoteDsn() && Bounces.wanted(recipient, "SUCCESS")) {
                        relayed.add(report(recipient, Action.RELAYED, "2.0.0", outcome.remote(), outcome.diagnostic(), now, null));
                    }
                }
                case FAILED -> {
                    settled.add(recipient.address());
                    if (Bounces.wanted(recipient, "FAILURE")) {
                        failed.add(report(recipient, Action.FAILED, outcome.status(), outcome.remote(),
                                outcome.diagnostic(), now, null));
                    }
                }
                case DEFERRED -> {
                    recipient.deferred(outcome.status(), outcome.diagnostic(), outcome.remote());
                    lastError = lastError == null ? recipient.address() + ": " + outcome.explanation() : lastError;
                }
            }
        }
        int bounced = settled.size() - delivered;
        row.settle(settled);
        Instant expiry = row.receivedAt().plus(Setting.duration(systemSettings.value(Setting.OUTBOUND_LIFETIME)));
        int expired = 0;
        if (!row.waiting().isEmpty() && !now.isBefore(expiry)) {
            expired = row.waiting().size();
            failed.addAll(expire(row, now));
        }
        bounces.report(row, failed);
        bounces.report(row, relayed);
        String outcome = delivered + " delivered, " + (bounced + expired) + " bounced" + (expired > 0 ? " (" + expired + " expired)" : "");
        if (row.waiting().isEmpty()) {
            em.remove(row);
            LOG.info(() -> "Mailward outbound " + row.id() + " to " + destination + ": " + outcome + ", done");
            return;
        }
        Instant next = nextAttempt(row, now, expiry);
        row.attempted(lastError, next);
        warnOfDelay(row, now, expiry);
        if (row.generation() == attempt.generation()) { // else the administrator ordered a retry meanwhile: that one stands
            row.supersede(next);
            spool.schedule(row, next);
        }
        String error = lastError;
        LOG.info(() -> "Mailward outbound " + row.id() + " to " + destination + ": " + outcome + ", " + row.waiting().size()
                + " waiting until " + next + " (attempt " + row.attempts() + "): " + error);
    }

    /** The domains of the row's recipients, and the server that answered, for the log. */
    private static String destination(SpoolMessage row, List<RecipientOutcome> outcomes) {
        String domains = row.waiting().stream().map(recipient -> Addresses.domainOf(recipient.address()))
                .distinct().collect(Collectors.joining(","));
        return outcomes.stream().map(RecipientOutcome::remote).filter(Objects::nonNull).findFirst()
                .map(remote -> domains + " via " + remote).orElse(domains);
    }

    /** The administrator's "retry now", also for a row the queue gave up on. */
    public boolean retryNow(String id) {
        SpoolMessage row = outboundRow(id);
        if (row == null) {
            return false;
        }
        requireWaiting(row, forgetDeadLetter(id));
        Instant now = Instant.now();
        row.supersede(now);
        spool.schedule(row, now);
        return true;
    }

    /** The administrator's "bounce": every waiting recipient is reported to the sender as failed, and the row goes. */
    public boolean bounce(String id) {
        SpoolMessage row = outboundRow(id);
        if (row == null) {
            return false;
        }
        requireWaiting(row, forgetDeadLetter(id));
        Instant now = Instant.now();
        List<RecipientReport> failed = row.waiting().stream().filter(recipient -> Bounces.wanted(recipient, "FAILURE"))
                .map(recipient -> report(recipient, Action.FAILED, "5.0.0", recipient.lastRemote(), null, now, null))
                .toList();
        bounces.report(row, failed);
        em.remove(row);
        return true;
    }

    /**
     * Every five minutes, the rows whose attempt is long overdue: their JMS message went to
     * {@code mail.dlq} after our own failures (a database or DNS outage), or an attempt died
     * before it recorded its outcome. Each is scheduled again, or bounced once its lifetime is
     * over, so that no row waits forever.
     */
    @Schedule(minute = "*/5", hour = "*", persistent = false)
    public void sweep() {
        Instant now = Instant.now();
        Instant stale = now.minus(OVERDUE);
        List<String> overdue = em.createQuery("select m.id from SpoolMessage m where m.direction = :outbound"
                        + " and (m.nextAttemptAt < :stale or m.nextAttemptAt is null and m.receivedAt < :stale)", String.class)
                .setParameter("outbound", SpoolMessage.Direction.OUTBOUND).setParameter("stale", stale)
                .setMaxResults(MOST_SWEPT).getResultList();
        Instant expiry = now.minus(Setting.duration(systemSettings.value(Setting.OUTBOUND_LIFETIME)));
        for (String id : overdue) {
            SpoolMessage row = locked(id);
            if (row == null) {
                continue; // delivered or removed meanwhile
            }
            forgetDeadLetter(id);
            if (row.receivedAt().isBefore(expiry)) {
                bounces.report(row, expire(row, now));
                em.remove(row);
            } else {
                row.supersede(now);
                spool.schedule(row, now);
            }
        }
        if (!overdue.isEmpty()) {
            LOG.warning(() -> "Mailward found " + overdue.size() + " outbound message(s) overdue by more than "
                    + OVERDUE.toMinutes() + " minutes (a failure of its own, or a restart); attempting or expiring them now");
        }
    }

    /** The administrator's "delete": the row goes without a word to the sender. */
    public boolean delete(String id) {
        SpoolMessage row = outboundRow(id);
        if (row == null) {
            return false;
        }
        em.remove(row);
        forgetDeadLetter(id);
        return true;
    }

    private SpoolMessage outboundRow(String id) {
        SpoolMessage row = locked(id);
        return row != null && row.direction() == SpoolMessage.Direction.OUTBOUND ? row : null;
    }

    /**
     * The row, locked and read again once locked: PostgreSQL cannot lock a row read with its
     * recipients in one outer join, so a locking find would keep what it read before the lock
     * was granted, and miss a generation another transaction committed meanwhile.
     */
    private SpoolMessage locked(String id) {
        SpoolMessage row = em.find(SpoolMessage.class, id);
        if (row == null) {
            return null;
        }
        em.lock(row, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(row);
        return row;
    }

    /**
     * Refuses an administrator's action on a row whose attempt is due or running: a retry would run
     * a second attempt beside it, and a bounce could tell the sender of a failure while the mail
     * arrives. A row the queue gave up on (DEAD) is never being attempted.
     */
    private void requireWaiting(SpoolMessage row, boolean dead) {
        if (!dead && (row.nextAttemptAt() == null || !row.nextAttemptAt().isAfter(Instant.now()))) {
            throw DirectoryException.conflict("Outbound " + row.id() + " is being attempted now; try again when it is DEFERRED");
        }
    }

    /**
     * A row the queue gave up on waits in {@code mail.dlq}; once the row is retried or gone, that
     * copy must not show it DEAD. Whether there was one.
     */
    private boolean forgetDeadLetter(String id) {
        boolean dead = false;
        try (JMSConsumer consumer = jms.createConsumer(deadLetters, Spool.rowSelector(id))) {
            while (consumer.receiveNoWait() != null) {
                dead = true;
            }
        }
        return dead;
    }

    private List<RecipientReport> expire(SpoolMessage row, Instant now) {
        List<RecipientReport> reports = row.waiting().stream().filter(recipient -> Bounces.wanted(recipient, "FAILURE"))
                .map(recipient -> report(recipient, Action.FAILED, EXPIRED_STATUS, recipient.lastRemote(),
                        recipient.lastDiagnostic(), now, null))
                .toList();
        row.settle(row.waiting().stream().map(SpoolRecipient::address).toList());
        return reports;
    }

    private void warnOfDelay(SpoolMessage row, Instant now, Instant expiry) {
        Duration after = Setting.duration(systemSettings.value(Setting.OUTBOUND_DELAY_WARNING));
        if (after.isZero() || row.delayWarned() || now.isBefore(row.receivedAt().plus(after))) {
            return;
        }
        bounces.report(row, row.waiting().stream().filter(recipient -> Bounces.wanted(recipient, "DELAY"))
                .map(recipient -> report(recipient, Action.DELAYED,
                        recipient.lastStatus() == null ? "4.0.0" : recipient.lastStatus(), recipient.lastRemote(),
                        recipient.lastDiagnostic(), now, expiry))
                .toList());
        row.warnedOfDelay();
    }

    /** After the n-th failed attempt, the n-th wait of the schedule (the last one repeating), never past the expiry. */
    private Instant nextAttempt(SpoolMessage row, Instant now, Instant expiry) {
        List<Duration> schedule = Setting.durations(systemSettings.value(Setting.OUTBOUND_RETRY_SCHEDULE));
        Instant next = now.plus(schedule.get(Math.min(row.attempts(), schedule.size() - 1)));
        return next.isAfter(expiry) ? expiry : next;
    }

    private static RecipientReport report(SpoolRecipient recipient, Action action, String status, String remote,
                                          String diagnostic, Instant lastAttempt, Instant retryUntil) {
        return new RecipientReport(recipient.address(), Xtext.decode(recipient.originalRecipient()), action, status, remote,
                diagnostic, lastAttempt, retryUntil);
    }

    /** The smart host of the sender's domain, or of the system; null when mail goes to the MX. */
    private Relay relay(Optional<Domain> senderDomain) {
        Setting[] relaySettings = {Setting.OUTBOUND_RELAY_HOST, Setting.OUTBOUND_RELAY_TLS, Setting.OUTBOUND_RELAY_USERNAME,
                Setting.OUTBOUND_RELAY_PASSWORD};
        Map<Setting, String> values = senderDomain.map(domain -> settings.domainValues(domain, relaySettings))
                .orElseGet(() -> Arrays.stream(relaySettings).collect(Collectors.toMap(Function.identity(), systemSettings::value)));
        String host = values.get(Setting.OUTBOUND_RELAY_HOST);
        if (host.isEmpty()) {
            return null;
        }
        String tls = values.get(Setting.OUTBOUND_RELAY_TLS);
        HostAndPort address = HostAndPort.parse(host, tls.equals("implicit") ? 465 : 25);
        String username = values.get(Setting.OUTBOUND_RELAY_USERNAME);
        Credentials credentials = username.isEmpty() ? null : new Credentials(username, values.get(Setting.OUTBOUND_RELAY_PASSWORD));
        return new Relay(address.host(), address.port(), tls, credentials);
    }
}
