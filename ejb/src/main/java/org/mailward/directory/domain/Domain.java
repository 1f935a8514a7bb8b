package org.mailward.directory.domain;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.mailward.directory.DirectoryException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * A mail domain: its name, whether it is served, and what the system administrator allows it.
 * Kept in the second-level cache: every message looks its domain up, and it rarely changes.
 */
@Entity
@Cacheable
@Table(name = "domain")
public class Domain {

    private static final Set<String> THROTTLE_ACTIONS = Set.of("delay", "reject");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    private boolean enabled;

    private String hostname;

    @Column(name = "limit_disk_space_mb") private long diskSpaceMb;
    @Column(name = "limit_max_users") private int maxUsers;
    @Column(name = "limit_max_user_aliases") private int maxUserAliases;
    @Column(name = "limit_max_domain_aliases") private int maxDomainAliases;
    @Column(name = "limit_max_message_size_kb") private int maxMessageSizeKb;
    @Column(name = "limit_max_recipients") private int maxRecipients;

    @Column(name = "feature_pop") private boolean pop;
    @Column(name = "feature_imap") private boolean imap;
    @Column(name = "feature_submission") private boolean submission;
    @Column(name = "feature_webmail") private boolean webmail;
    @Column(name = "feature_calendar") private boolean calendar;
    @Column(name = "feature_catch_all") private boolean catchAll;
    @Column(name = "feature_plus_addressing") private boolean plusAddressing;
    @Column(name = "feature_forwarding") private boolean forwarding;
    @Column(name = "feature_mailing_lists") private boolean mailingLists;

    @Column(name = "throttle_messages_per_hour") private int throttleMessagesPerHour;
    @Column(name = "throttle_mb_per_hour") private int throttleMbPerHour;
    @Column(name = "throttle_action") private String throttleAction;

    @Column(name = "password_min_length") private int passwordMinLength;
    @Column(name = "password_min_classes") private int passwordMinClasses;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Domain() {
    }

    /** A new enabled domain with no limits, every feature, no throttling and the default password policy. */
    Domain(String name) {
        this.name = name;
        this.enabled = true;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        limits(Limits.UNLIMITED);
        features(Features.ALL);
        throttling(Throttling.NONE);
        passwordPolicy(PasswordPolicy.DEFAULT);
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String hostname() {
        return hostname;
    }

    void hostname(String hostname) {
        this.hostname = hostname;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Limits limits() {
        return new Limits(diskSpaceMb, maxUsers, maxUserAliases, maxDomainAliases, maxMessageSizeKb, maxRecipients);
    }

    /** Applies the non-null limits, all or none; each must be 0 (unlimited) or more. */
    void limits(Limits changes) {
        long disk = nonNegative("diskSpaceMb", Objects.requireNonNullElse(changes.diskSpaceMb(), diskSpaceMb));
        long users = nonNegative("maxUsers", Objects.requireNonNullElse(changes.maxUsers(), maxUsers));
        long userAliases = nonNegative("maxUserAliases", Objects.requireNonNullElse(changes.maxUserAliases(), maxUserAliases));
        long domainAliases = nonNegative("maxDomainAliases", Objects.requireNonNullElse(changes.maxDomainAliases(), maxDomainAliases));
        long messageSize = nonNegative("maxMessageSizeKb", Objects.requireNonNullElse(changes.maxMessageSizeKb(), maxMessageSizeKb));
        long recipients = nonNegative("maxRecipients", Objects.requireNonNullElse(changes.maxRecipients(), maxRecipients));
        diskSpaceMb = disk;
        maxUsers = (int) users;
        maxUserAliases = (int) userAliases;
        maxDomainAliases = (int) domainAliases;
        maxMessageSizeKb = (int) messageSize;
        maxRecipients = (int) recipients;
    }

    public Features features() {
        return new Features(pop, imap, submission, webmail, calendar, catchAll, plusAddressing, forwarding, mailingLists);
    }

    void features(Features changes) {
        pop = Objects.requireNonNullElse(changes.pop(), pop);
        imap = Objects.requireNonNullElse(changes.imap(), imap);
        submission = Objects.requireNonNullElse(changes.submission(), submission);
        webmail = Objects.requireNonNullElse(changes.webmail(), webmail);
        calendar = Objects.requireNonNullElse(changes.calendar(), calendar);
        catchAll = Objects.requireNonNullElse(changes.catchAll(), catchAll);
        plusAddressing = Objects.requireNonNullElse(changes.plusAddressing(), plusAddressing);
        forwarding = Objects.requireNonNullElse(changes.forwarding(), forwarding);
        mailingLists = Objects.requireNonNullElse(changes.mailingLists(), mailingLists);
    }

    public Throttling throttling() {
        return new Throttling(throttleMessagesPerHour, throttleMbPerHour, throttleAction);
    }

    void throttling(Throttling changes) {
        String action = Objects.requireNonNullElse(changes.action(), throttleAction);
        if (!THROTTLE_ACTIONS.contains(action)) {
            throw DirectoryException.invalid("throttling.action must be one of " + THROTTLE_ACTIONS);
        }
        long messages = nonNegative("throttling.messagesPerHour",
                Objects.requireNonNullElse(changes.messagesPerHour(), throttleMessagesPerHour));
        long megabytes = nonNegative("throttling.mbPerHour", Objects.requireNonNullElse(changes.mbPerHour(), throttleMbPerHour));
        throttleMessagesPerHour = (int) messages;
        throttleMbPerHour = (int) megabytes;
        throttleAction = action;
    }

    public PasswordPolicy passwordPolicy() {
        return new PasswordPolicy(passwordMinLength, passwordMinClasses);
    }

    void passwordPolicy(PasswordPolicy changes) {
        int length = Objects.requireNonNullElse(changes.minLength(), passwordMinLength);
        int classes = Objects.requireNonNullElse(changes.minClasses(), passwordMinClasses);
        if (length < 1 || length > 128 || classes < 0 || classes > 4) {
            throw DirectoryException.invalid("passwordPolicy.minLength must be 1 to 128 and minClasses 0 to 4");
        }
        passwordMinLength = length;
        passwordMinClasses = classes;
    }

    private static long nonNegative(String what, long value) {
        if (value < 0) {
            throw DirectoryException.invalid(what + " must be 0 (unlimited) or more");
        }
        return value;
    }
}
