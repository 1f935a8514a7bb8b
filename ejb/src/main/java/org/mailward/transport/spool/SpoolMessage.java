package org.mailward.transport.spool;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.mailward.mailbox.blob.BlobId;
import org.mailward.mailbox.store.MessageSummary;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Accepted mail on its way: to local delivery ({@link Direction#INBOUND}) or to remote servers
 * ({@link Direction#OUTBOUND}). Inbound mail travels whole in its JMS message, as JSON
 * ({@link #toJson}), and is never a row (ADR 0016). Outbound mail is a row, committed together
 * with the JMS message naming it and deleted when the message has reached everyone it will reach.
 */
@Entity
@Table(name = "spool_message")
public class SpoolMessage {

    public enum Direction { INBOUND, OUTBOUND }

    @Id
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Direction direction;

    @Column(name = "blob_domain", nullable = false)
    private String blobDomain;

    @Column(name = "blob_hash", nullable = false)
    private String blobHash;

    @Column(name = "size_bytes")
    private long sizeBytes;

    @Column(nullable = false)
    private String sender;

    @Column(name = "dsn_ret")
    private String dsnReturn;

    @Column(name = "dsn_envid")
    private String dsnEnvelopeId;

    @Column(name = "client_address")
    private String clientAddress;

    @Column(name = "client_helo")
    private String clientHelo;

    private String account;

    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;

    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    /** Outbound only: when the next attempt is due; null before the first. */
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    /** Outbound only: the scheduled JMS message carrying this number may attempt the row; any other is stale. */
    @Column(name = "attempt_generation", nullable = false)
    private int generation;

    @Column(name = "delay_warned", nullable = false)
    private boolean delayWarned;

    /** Inbound mail only: its listing fields, read once at acceptance and carried in the JSON. */
    @Transient
    private MessageSummary summary;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "spool_recipient", joinColumns = @JoinColumn(name = "message_id"))
    @OrderColumn(name = "position")
    private List<SpoolRecipient> recipients = new ArrayList<>();

    protected SpoolMessage() {
    }

    /** @param id a fresh id, see {@link #newId()}; it names the message in Received headers and logs */
    public SpoolMessage(String id, Direction direction, BlobId blob, long size, String sender, List<SpoolRecipient> recipients) {
        this.id = id;
        this.direction = direction;
        this.blobDomain = blob.domain();
        this.blobHash = blob.hash();
        this.sizeBytes = size;
        this.sender = sender;
        this.recipients = new ArrayList<>(recipients);
        this.receivedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Where the message came from, for the Received trail and the admin's spool view. */
    public SpoolMessage from(String clientAddress, String clientHelo, String account) {
        this.clientAddress = clientAddress;
        this.clientHelo = clientHelo == null || clientHelo.length() <= 255 ? clientHelo : clientHelo.substring(0, 255);
        this.account = account;
        return this;
    }

    public SpoolMessage summarised(MessageSummary summary) {
        this.summary = summary;
        return this;
    }

    public SpoolMessage dsn(String dsnReturn, String dsnEnvelopeId) {
        this.dsnReturn = dsnReturn;
        this.dsnEnvelopeId = dsnEnvelopeId;
        return this;
    }

    public String id() {
        return id;
    }

    public Direction direction() {
        return direction;
    }

    public BlobId blob() {
        return new BlobId(blobDomain, blobHash);
    }

    public long size() {
        return sizeBytes;
    }

    public String sender() {
        return sender;
    }

    public String dsnReturn() {
        return dsnReturn;
    }

    public String dsnEnvelopeId() {
        return dsnEnvelopeId;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String clientHelo() {
        return clientHelo;
    }

    /** The authenticated user who submitted the message, or null. */
    public String account() {
        return account;
    }

    public int attempts() {
        return attempts;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public int generation() {
        return generation;
    }

    public boolean delayWarned() {
        return delayWarned;
    }

    /** Records a finished attempt that left recipients waiting until {@code next}. */
    public void attempted(String error, Instant next) {
        attempts++;
        lastError = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
        nextAttemptAt = next;
    }

    /** The row waits until {@code at} without an attempt made (throttling, a busy destination); the spool schedules it then. */
    public void heldUntil(Instant at, String reason) {
        nextAttemptAt = at;
        lastError = reason;
    }

    /** Makes every JMS message scheduled so far stale; the caller schedules the one that carries the new number. */
    public int supersede(Instant next) {
        nextAttemptAt = next;
        return ++generation;
    }

    public void warnedOfDelay() {
        delayWarned = true;
    }

    /** Forgets the recipients that need no further attempt: delivered, or bounced. */
    public void settle(Collection<String> addresses) {
        recipients.removeIf(recipient -> addresses.contains(recipient.address()));
    }

    /** The recipients still waiting, as stored, for recording the last attempt's outcome. */
    public List<SpoolRecipient> waiting() {
        return recipients;
    }

    /** Null for outbound mail, and for inbound mail queued by a build that did not carry it. */
    public MessageSummary summary() {
        return summary;
    }

    JsonObject toJson(JsonBuilderFactory json) {
        JsonArrayBuilder to = json.createArrayBuilder();
        for (SpoolRecipient recipient : recipients) {
            JsonObjectBuilder entry = json.createObjectBuilder().add("address", recipient.address());
            addIfPresent(entry, "notify", recipient.dsnNotify());
            addIfPresent(entry, "orcpt", recipient.originalRecipient());
            to.add(entry);
        }
        JsonObjectBuilder message = json.createObjectBuilder()
                .add("id", id).add("direction", direction.name())
                .add("blobDomain", blobDomain).add("blobHash", blobHash).add("size", sizeBytes)
                .add("sender", sender).add("receivedAt", receivedAt.toString()).add("recipients", to);
        addIfPresent(message, "dsnRet", dsnReturn);
        addIfPresent(message, "dsnEnvid", dsnEnvelopeId);
        addIfPresent(message, "client", clientAddress);
        addIfPresent(message, "helo", clientHelo);
        addIfPresent(message, "account", account);
        if (summary != null) {
            JsonObjectBuilder fields = json.createObjectBuilder();
            addIfPresent(fields, "subject", summary.subject());
            addIfPresent(fields, "from", summary.from());
            addIfPresent(fields, "to", summary.to());
            addIfPresent(fields, "cc", summary.cc());
            addIfPresent(fields, "date", summary.sentDate() == null ? null : summary.sentDate().toString());
            addIfPresent(fields, "messageId", summary.messageId());
            addIfPresent(fields, "inReplyTo", summary.inReplyTo());
            addIfPresent(fields, "references", summary.references());
            message.add("summary", fields);
        }
        return message.build();
    }

    static SpoolMessage fromJson(JsonObject json) {
        SpoolMessage message = new SpoolMessage();
        message.id = json.getString("id");
        message.direction = Direction.valueOf(json.getString("direction"));
        message.blobDomain = json.getString("blobDomain");
        message.blobHash = json.getString("blobHash");
        message.sizeBytes = json.getJsonNumber("size").longValueExact();
        message.sender = json.getString("sender");
        message.receivedAt = Instant.parse(json.getString("receivedAt"));
        for (JsonValue entry : json.getJsonArray("recipients")) {
            JsonObject recipient = entry.asJsonObject();
            message.recipients.add(new SpoolRecipient(recipient.getString("address"),
                    stringOrNull(recipient, "notify"), stringOrNull(recipient, "orcpt")));
        }
        message.dsnReturn = stringOrNull(json, "dsnRet");
        message.dsnEnvelopeId = stringOrNull(json, "dsnEnvid");
        message.clientAddress = stringOrNull(json, "client");
        message.clientHelo = stringOrNull(json, "helo");
        message.account = stringOrNull(json, "account");
        if (json.get("summary") instanceof JsonObject fields) {
            String date = stringOrNull(fields, "date");
            message.summary = new MessageSummary(stringOrNull(fields, "subject"), stringOrNull(fields, "from"),
                    stringOrNull(fields, "to"), stringOrNull(fields, "cc"), date == null ? null : Instant.parse(date),
                    stringOrNull(fields, "messageId"), stringOrNull(fields, "inReplyTo"),
                    stringOrNull(fields, "references"));
        }
        return message;
    }

    private static void addIfPresent(JsonObjectBuilder builder, String name, String value) {
        if (value != null) {
            builder.add(name, value);
        }
    }

    private static String stringOrNull(JsonObject json, String name) {
        return json.get(name) instanceof JsonString string ? string.getString() : null;
    }

    /** As an outbound row, whose attempts, last error and next attempt it records itself. */
    SpoolView view(boolean dead, Instant now) {
        String state = dead ? "DEAD" : nextAttemptAt != null && nextAttemptAt.isAfter(now) ? "DEFERRED" : "QUEUED";
        return view(state, attempts, lastError, dead ? null : nextAttemptAt);
    }

    SpoolView view(String state, Integer attemptsMade, String error) {
        return view(state, attemptsMade, error, null);
    }

    private SpoolView view(String state, Integer attemptsMade, String error, Instant nextAttempt) {
        return new SpoolView(id, direction.name(), state, sender, recipients.stream().map(SpoolRecipient::address).toList(),
                sizeBytes, receivedAt, clientAddress, account, attemptsMade, error, nextAttempt);
    }

    public List<SpoolRecipient> recipients() {
        return List.copyOf(recipients);
    }
}
