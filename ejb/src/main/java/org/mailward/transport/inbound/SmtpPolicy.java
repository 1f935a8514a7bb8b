package org.mailward.transport.inbound;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.RecipientVerdict;
import org.mailward.connector.spi.smtp.SmtpLimits;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.connector.spi.smtp.SmtpWelcome;
import org.mailward.directory.account.Account;
import org.mailward.directory.domain.Domain;
import org.mailward.directory.routing.Destination;
import org.mailward.directory.routing.Recipients;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.security.login.ProtocolLogins;
import org.mailward.transport.outbound.OutboundThrottle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SMTP policy: who may connect, send and to whom. The MX listener takes mail for local recipients
 * from anyone; the submission listeners take mail only from authenticated users, only with a
 * sender address the user owns (unless allowed otherwise), and relay it anywhere. Nobody else
 * relays, ever.
 * <p>
 * Each decision runs in a (read-only) transaction: its several directory queries then share one
 * persistence context and connection instead of opening one each.
 */
@Stateless
public class SmtpPolicy {

    /** The MX listener's name; every other SMTP listener is a submission listener. */
    static final String MX_LISTENER = "smtp";
    private static final long KB = 1024;

    @Inject
    private ServerSettings server;

    @Inject
    private SystemSettings settings;


    @Inject
    private ProtocolLogins logins;

    @Inject
    private Recipients recipients;

    @Inject
    private MailboxStore store;

    @Inject
    private OutboundThrottle throttle;

    public SmtpWelcome welcome(ConnectionInfo connection) {
        SmtpLimits limits = new SmtpLimits(settings.number(Setting.SMTP_MAX_MESSAGE_SIZE_KB) * KB,
                settings.number(Setting.SMTP_MAX_RECIPIENTS), settings.number(Setting.SMTP_MAX_BAD_COMMANDS),
                settings.number(Setting.SMTP_HARVEST_SLOW_DOWN_AFTER), settings.number(Setting.SMTP_HARVEST_DROP_AFTER));
        return new SmtpWelcome(logins.greeting(connection, server.hostname() + " Mailward ESMTP ready"), limits,
                !connection.listener().equals(MX_LISTENER));
    }

    public SmtpReply mail(Envelope envelope) {
        if (envelope.account() == null) {
            return envelope.connection().listener().equals(MX_LISTENER) ? SmtpReply.ok("2.1.0", "Sender OK")
                    : new SmtpReply(530, "5.7.0", "Authentication required");
        }
        if (envelope.sender().isEmpty() || ownsSender(envelope.account(), envelope.sender())) {
            return SmtpReply.ok("2.1.0", "Sender OK");
        }
        return new SmtpReply(553, "5.7.1", "Sender address <" + envelope.sender() + "> is not owned by " + envelope.account());
    }

    public RecipientVerdict recipient(Envelope envelope, Recipient recipient) {
        Optional<Account> sender = Optional.ofNullable(envelope.account()).flatMap(this::account);
        if (sender.isPresent()) {
            int max = maxOrUnlimited(sender.get().domain().limits().maxRecipients());
            if (envelope.recipients().size() >= max) {
                return RecipientVerdict.refuse(new SmtpReply(452, "4.5.3", "Too many recipients for your domain"));
            }
        }
        return switch (recipients.resolve(recipient.address())) {
            case Destination.Remote remote -> sender.isPresent() ? outgoing(envelope, sender.get())
                    : RecipientVerdict.refuse(new SmtpReply(550, "5.7.1", "Relaying denied"));
            case Destination.Unknown unknown -> RecipientVerdict.unknownUser();
            case Destination.Disabled disabled -> RecipientVerdict.refuse(new SmtpReply(550, "5.2.1", disabled.reason()));
            case Destination.Mailbox mailbox -> local(envelope, mailbox.account().domain(), mailbox.account());
            case Destination.Alias alias -> local(envelope, alias.domain(), null);
        };
    }

    /**
     * A remote recipient of an authenticated sender: the sender's domain limits what its users send
     * too, and a full hourly window refuses mail when the domain's throttling action is reject.
     */
    private RecipientVerdict outgoing(Envelope envelope, Account sender) {
        long limit = sizeLimit(sender.domain());
        if (envelope.declaredSize() > limit) {
            return RecipientVerdict.refuse(new SmtpReply(552, "5.3.4", "Message too big for your domain's limit of " + limit + " octets"));
        }
        OutboundThrottle.Limits throttling = throttle.limitsOf(sender);
        if (!throttling.delay() && throttle.full(throttling, Instant.now())) {
            return RecipientVerdict.refuse(new SmtpReply(450, "4.7.1", "Hourly sending limit reached; try again later"));
        }
        return RecipientVerdict.accept(limit);
    }

    /** A local recipient: the domain's size limit, and quota where the mailbox is known (RFC 5321 452 4.2.2). */
    private RecipientVerdict local(Envelope envelope, Domain domain, Account mailbox) {
        long limit = sizeLimit(domain);
        if (envelope.declaredSize() > limit) {
            return RecipientVerdict.refuse(new SmtpReply(552, "5.3.4", "Message too big for this recipient's domain"));
        }
        if (mailbox != null && store.full(mailbox)) {
            return RecipientVerdict.refuse(new SmtpReply(452, "4.2.2", "Mailbox full"));
        }
        return RecipientVerdict.accept(limit);
    }

    /** The user's own address (in any of the domain's names, with a +tag or not), or an alias that delivers to them. */
    private boolean ownsSender(String accountAddress, String sender) {
        Optional<Account> account = account(accountAddress);
        if (account.isEmpty()) {
            return false;
        }
        if (settings.flag(Setting.SUBMISSION_ANY_SENDER)) {
            return true;
        }
        return switch (recipients.resolve(sender)) {
            case Destination.Mailbox mailbox -> mailbox.account().id().equals(account.get().id());
            // A catch-all delivers everything to someone; it does not make every address theirs to send from.
            case Destination.Alias alias -> !alias.catchAll()
                    && recipients.expand(List.of(sender)).accounts().stream().anyMatch(a -> a.id().equals(account.get().id()));
            default -> false;
        };
    }

    private Optional<Account> account(String address) {
        return recipients.resolve(address) instanceof Destination.Mailbox mailbox ? Optional.of(mailbox.account()) : Optional.empty();
    }

    private static long sizeLimit(Domain domain) {
        Integer kb = domain.limits().maxMessageSizeKb();
        return kb == null || kb == 0 ? Long.MAX_VALUE : kb * (long) KB;
    }

    private static int maxOrUnlimited(Integer limit) {
        return limit == null || limit == 0 ? Integer.MAX_VALUE : limit;
    }
}
