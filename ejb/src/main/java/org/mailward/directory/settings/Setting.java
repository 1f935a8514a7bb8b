package org.mailward.directory.settings;

import org.mailward.directory.Addresses;
import org.mailward.directory.DirectoryException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Every setting Mailward knows, with its default, the narrowest level that may set it, and how a
 * value is checked (and normalised). The protocol and web code read them through {@link SettingsService}.
 */
public enum Setting {
    /** Whether SMTP AUTH, IMAP LOGIN and POP3 USER/PASS are accepted on connections without TLS. */
    LOGIN_PLAINTEXT_ALLOWED("login.plaintext-allowed", "false", Level.SYSTEM, Setting::bool),
    /** How long a verified protocol login is remembered before Keycloak is asked again (0 to 60). */
    LOGIN_CACHE_SECONDS("login.cache-seconds", "60", Level.SYSTEM, value -> range(value, 0, 60)),
    /** The domain of logins given as a bare user name; empty means bare names are refused. */
    LOGIN_DEFAULT_DOMAIN("login.default-domain", "", Level.SYSTEM, value -> value.isEmpty() ? value : Addresses.domain(value)),
    /** Failed logins from one address, or against one account, that block the address. */
    IDS_MAX_FAILED_LOGINS("ids.max-failed-logins", "10", Level.SYSTEM, value -> range(value, 1, 10_000)),
    /** The window, in seconds, in which failed logins are counted. */
    IDS_WINDOW_SECONDS("ids.window-seconds", "300", Level.SYSTEM, value -> range(value, 1, 86_400)),
    /** How long, in seconds, a block lasts. */
    IDS_BLOCK_SECONDS("ids.block-seconds", "900", Level.SYSTEM, value -> range(value, 1, 31_536_000)),
    /** The largest message SMTP accepts, in KB (announced in EHLO SIZE); a domain's own limit may be lower. */
    SMTP_MAX_MESSAGE_SIZE_KB("smtp.max-message-size-kb", "25600", Level.SYSTEM, value -> range(value, 1, 2_097_152)),
    /** Recipients of one SMTP transaction; RFC 5321 asks for at least 100. */
    SMTP_MAX_RECIPIENTS("smtp.max-recipients", "100", Level.SYSTEM, value -> range(value, 1, 100_000)),
    /** Malformed, unknown or out-of-order SMTP commands before the client is disconnected. */
    SMTP_MAX_BAD_COMMANDS("smtp.max-bad-commands", "10", Level.SYSTEM, value -> range(value, 1, 10_000)),
    /** Unknown recipients in one SMTP session after which each further RCPT is answered more slowly; 0 never. */
    SMTP_HARVEST_SLOW_DOWN_AFTER("smtp.harvest.slow-down-after", "3", Level.SYSTEM, value -> range(value, 0, 10_000)),
    /** Unknown recipients in one SMTP session after which it is dropped; 0 never. */
    SMTP_HARVEST_DROP_AFTER("smtp.harvest.drop-after", "10", Level.SYSTEM, value -> range(value, 0, 10_000)),
    /** BAD answers in a row before an IMAP client is disconnected. */
    IMAP_MAX_BAD_COMMANDS("imap.max-bad-commands", "20", Level.SYSTEM, value -> range(value, 1, 10_000)),
    /** Connections one IMAP listener serves at once; the resource adapter's maxConnections stays the hard cap. */
    IMAP_MAX_CONNECTIONS("imap.max-connections", "2000", Level.SYSTEM, value -> range(value, 1, 1_000_000)),
    /** Connections one client address may hold on one IMAP listener; the adapter's maxConnectionsPerAddress stays the hard cap. */
    IMAP_MAX_CONNECTIONS_PER_ADDRESS("imap.max-connections-per-address", "20", Level.SYSTEM, value -> range(value, 1, 1_000_000)),
    /** Logged-in IMAP sessions of one account, over IMAP and IMAPS together; clients open several per account. */
    IMAP_MAX_CONNECTIONS_PER_ACCOUNT("imap.max-connections-per-account", "20", Level.SYSTEM, value -> range(value, 1, 10_000)),
    /** The largest IMAP literal other than APPEND's message (whose limit is smtp.max-message-size-kb), in KB. */
    IMAP_MAX_LITERAL_KB("imap.max-literal-kb", "64", Level.SYSTEM, value -> range(value, 1, 16_384)),
    /** The most one IMAP command may hold, its lines and literals, APPEND's message aside, in KB. */
    IMAP_MAX_COMMAND_KB("imap.max-command-kb", "256", Level.SYSTEM, value -> range(value, 1, 65_536)),
    /** How long a logged-in IMAP client may stay silent between commands; RFC 9051 section 5.4 asks for at least 30 minutes. */
    IMAP_COMMAND_TIMEOUT_MINUTES("imap.command-timeout-minutes", "30", Level.SYSTEM, value -> range(value, 30, 1440)),
    /** How long an IMAP client may stay in IDLE without a word; at least 30 minutes, as clients renew their IDLE within 29. */
    IMAP_IDLE_TIMEOUT_MINUTES("imap.idle-timeout-minutes", "31", Level.SYSTEM, value -> range(value, 30, 1440)),
    /**
     * How many days the UIDs of expunged messages are kept for QRESYNC (RFC 7162); a client that
     * resynchronises from before that is told of every UID gone from the folder instead. 0 keeps
     * them until the next hourly pruning.
     */
    IMAP_EXPUNGED_RETENTION_DAYS("imap.expunged-retention-days", "30", Level.SYSTEM, value -> range(value, 0, 3650)),
    /**
     * Whether new mail is put in the full-text index as it arrives (while mail keeps arriving, up to
     * a minute later); when false, a folder's mail is indexed at its first search after it arrived.
     */
    SEARCH_INDEX_AT_DELIVERY("search.index-at-delivery", "true", Level.SYSTEM, Setting::bool),
    /**
     * How long, in seconds, reading the text of one message's HTML and attachments for the
     * full-text index may take; the message is indexed with what was read by then. At most
     * {@link #MOST_EXTRACT_TIMEOUT_SECONDS}, so that a batch of messages ends well within its
     * transaction's timeout (300 s).
     */
    SEARCH_EXTRACT_TIMEOUT_SECONDS("search.extract-timeout-seconds", "10", Level.SYSTEM,
            value -> range(value, 1, Setting.MOST_EXTRACT_TIMEOUT_SECONDS)),
    /**
     * Whether new message bodies are stored compressed (Zstandard, about a third of the disk for
     * text). Off by default, as in Dovecot: reading a compressed body back costs about as much
     * processor as sending it (ADR 0034). A server short of disk and not of processors turns it
     * on. Stored bodies stay as they are either way.
     */
    STORE_COMPRESS_BODIES("store.compress-bodies", "false", Level.SYSTEM, Setting::bool),
    /**
     * Whether a POP3 RETR marks the message read (\\Seen). Off by default: a user who also reads
     * mail over IMAP or in webmail, with the POP3 client leaving mail on the server, still sees it
     * as new there.
     */
    POP3_RETR_MARKS_SEEN("pop3.retr-marks-seen", "false", Level.ACCOUNT, Setting::bool),
    /**
     * When an outbound message that could not be delivered is attempted again: after each failed
     * attempt the next wait in the list, the last one repeating (ADR 0038).
     */
    OUTBOUND_RETRY_SCHEDULE("outbound.retry-schedule", "1m,5m,15m,30m,1h", Level.SYSTEM, Setting::durationList),
    /** How long an outbound message is attempted before its waiting recipients are bounced. */
    OUTBOUND_LIFETIME("outbound.lifetime", "4d", Level.SYSTEM, value -> durationWithin(value, Duration.ofSeconds(1), Duration.ofDays(30))),
    /** After how long the sender is told that a message is still waiting (once); 0 never. */
    OUTBOUND_DELAY_WARNING("outbound.delay-warning", "0", Level.SYSTEM, value -> durationWithin(value, Duration.ZERO, Duration.ofDays(30))),
    /**
     * TLS towards the receiving servers: {@code opportunistic} uses STARTTLS when offered without
     * checking the certificate, as MTAs do; {@code verify} requires it with a valid certificate;
     * {@code none} never uses it.
     */
    OUTBOUND_TLS("outbound.tls", "opportunistic", Level.SYSTEM, value -> oneOf(value, "opportunistic", "verify", "none")),
    /** The local address outbound connections come from; empty lets the system choose. */
    OUTBOUND_BIND_ADDRESS("outbound.bind-address", "", Level.SYSTEM, Setting::ipAddressOrEmpty),
    /** Connections open at once to one destination domain. */
    OUTBOUND_MAX_CONNECTIONS_PER_DOMAIN("outbound.max-connections-per-domain", "10", Level.SYSTEM, value -> range(value, 1, 1000)),
    /**
     * A smart host that relays all outbound mail of the system or a domain: {@code host} or
     * {@code host:port}; empty delivers to the MX. Set by the system administrator only.
     */
    OUTBOUND_RELAY_HOST("outbound.relay-host", "", Level.DOMAIN, Setting::hostAndPortOrEmpty),
    /** The user name to authenticate with at the relay host; empty sends no AUTH. */
    OUTBOUND_RELAY_USERNAME("outbound.relay-username", "", Level.DOMAIN, UnaryOperator.identity()),
    /** The password for the relay host; shown to nobody, only replaced. */
    OUTBOUND_RELAY_PASSWORD("outbound.relay-password", "", Level.DOMAIN, UnaryOperator.identity()),
    /**
     * TLS towards the relay host: {@code verify} (STARTTLS with a valid certificate), {@code implicit}
     * (TLS from the first byte, port 465, valid certificate), {@code opportunistic} or {@code none}.
     * Credentials are only ever sent over TLS with a valid certificate, whatever this says.
     */
    OUTBOUND_RELAY_TLS("outbound.relay-tls", "verify", Level.DOMAIN, value -> oneOf(value, "verify", "implicit", "opportunistic", "none")),
    /**
     * Outbound messages each user of the domain (or system) may send per hour; 0 unlimited. The
     * domain's throttling action applies. Not a user's own setting: a user could lift it.
     */
    OUTBOUND_USER_MESSAGES_PER_HOUR("outbound.user-messages-per-hour", "0", Level.DOMAIN, value -> range(value, 0, 1_000_000)),
    /** Outbound megabytes each user of the domain (or system) may send per hour; 0 unlimited. */
    OUTBOUND_USER_MB_PER_HOUR("outbound.user-mb-per-hour", "0", Level.DOMAIN, value -> range(value, 0, 1_000_000)),
    /** Whether authenticated users may send with any sender address, not only their own and their aliases'. */
    SUBMISSION_ANY_SENDER("submission.any-sender", "false", Level.SYSTEM, Setting::bool),
    /** The language of the web interface, as a BCP 47 tag. */
    UI_LANGUAGE("ui.language", "en", Level.ACCOUNT, Setting::languageTag),
    /** The time zone dates are shown in. */
    UI_TIME_ZONE("ui.time-zone", "UTC", Level.ACCOUNT, Setting::timeZone);

    /** The highest {@link #SEARCH_EXTRACT_TIMEOUT_SECONDS}. */
    public static final int MOST_EXTRACT_TIMEOUT_SECONDS = 120;

    private final String key;
    private final String defaultValue;
    private final Level narrowestLevel;
    private final UnaryOperator<String> validator;

    Setting(String key, String defaultValue, Level narrowestLevel, UnaryOperator<String> validator) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.narrowestLevel = narrowestLevel;
        this.validator = validator;
    }

    public String key() {
        return key;
    }

    /** Whether the value is a secret that no view shows. */
    public boolean secret() {
        return this == OUTBOUND_RELAY_PASSWORD;
    }

    /**
     * Whether only the system administrator may set it, at any level: the smart host decides
     * where the server connects, which a domain administrator must not point at internal hosts.
     */
    public boolean systemAdminOnly() {
        return name().startsWith("OUTBOUND_RELAY_");
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Whether the setting may be set at {@code level} at all. */
    public boolean settableAt(Level level) {
        return level.compareTo(narrowestLevel) <= 0;
    }

    /** The value in its stored form, or a 400-kind error. */
    public String validate(String value) {
        if (value == null) {
            throw DirectoryException.invalid(key + " needs a value");
        }
        return validator.apply(value.trim());
    }

    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst();
    }

    private static String bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw DirectoryException.invalid("The value must be true or false");
        }
        return value;
    }

    private static String range(String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return Integer.toString(number);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw DirectoryException.invalid("The value must be a whole number from " + min + " to " + max);
    }

    /** A duration as settings write it: a whole number with s, m, h or d ({@code 90s}, {@code 4d}); {@code 0} alone is zero. */
    public static Duration duration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        if (value.length() >= 2) {
            try {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                if (amount >= 0 && amount <= 100_000) {
                    switch (value.charAt(value.length() - 1)) {
                        case 's': return Duration.ofSeconds(amount);
                        case 'm': return Duration.ofMinutes(amount);
                        case 'h': return Duration.ofHours(amount);
                        case 'd': return Duration.ofDays(amount);
                        default: break;
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw DirectoryException.invalid("'" + value + "' is not a duration such as 90s, 15m, 4h or 4d");
    }

    /** A comma-separated list of durations, such as {@code 1m,5m,1h}. */
    public static List<Duration> durations(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).map(Setting::duration).toList();
    }

    private static String durationList(String value) {
        List<Duration> waits = durations(value);
        if (waits.isEmpty() || waits.size() > 50 || waits.stream().anyMatch(wait -> wait.isZero() || wait.toDays() > 7)) {
            throw DirectoryException.invalid("The retry schedule needs 1 to 50 waits, each from 1s to 7d");
        }
        return String.join(",", Arrays.stream(value.split(",")).map(String::trim).toList());
    }

    private static String durationWithin(String value, Duration min, Duration max) {
        Duration duration = duration(value);
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw DirectoryException.invalid("The duration must be from " + min.toSeconds() + "s to " + max.toDays() + "d");
        }
        return value;
    }

    private static String oneOf(String value, String... allowed) {
        if (!Arrays.asList(allowed).contains(value)) {
            throw DirectoryException.invalid("The value must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static String ipAddressOrEmpty(String value) {
        if (!value.isEmpty() && !HostAndPort.isAddressLiteral(value)) {
            throw DirectoryException.invalid("'" + value + "' is not an IPv4 or IPv6 address");
        }
        return value;
    }

    private static String hostAndPortOrEmpty(String value) {
        if (value.isEmpty()) {
            return value;
        }
        HostAndPort.parse(value, 25);
        return value;
    }

    private static String languageTag(String value) {
        try {
            return new Locale.Builder().setLanguageTag(value).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw DirectoryException.invalid("'" + value + "' is not a language tag such as en or de-CH");
        }
    }

    private static String timeZone(String value) {
        try {
            return ZoneId.of(value).getId();
        } catch (DateTimeException e) {
            throw DirectoryException.invalid("'" + value + "' is not a time zone such as Europe/Berlin");
        }
    }
}
