package org.mailward.connector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.transaction.xa.XAResource;

import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.mailbox.FlagChange;
import org.mailward.connector.spi.mailbox.FlagsStored;
import org.mailward.connector.spi.mailbox.FolderChanges;
import org.mailward.connector.spi.mailbox.FolderEntry;
import org.mailward.connector.spi.mailbox.FolderStatus;
import org.mailward.connector.spi.mailbox.MailboxAnswer;
import org.mailward.connector.spi.mailbox.MailboxBackend;
import org.mailward.connector.spi.mailbox.Maildrop;
import org.mailward.connector.spi.mailbox.MailboxLimits;
import org.mailward.connector.spi.mailbox.MailboxWelcome;
import org.mailward.connector.spi.mailbox.MessageMeta;
import org.mailward.connector.spi.mailbox.MessageShape;
import org.mailward.connector.spi.mailbox.SearchKey;
import org.mailward.connector.spi.mailbox.SortCriterion;
import org.mailward.connector.spi.mailbox.ThreadAlgorithm;
import org.mailward.connector.spi.mailbox.ThreadNode;
import org.mailward.connector.spi.mailbox.SelectedFolder;
import org.mailward.connector.spi.mailbox.StorageQuota;
import org.mailward.connector.spi.mailbox.Transferred;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.MessageContent;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.RecipientVerdict;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.spi.smtp.SmtpLimits;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.connector.spi.smtp.SmtpWelcome;

/**
 * Stands in for the container's factory: endpoints implement both backends, count their borrowing
 * and record the logins they were asked, answering each with {@link #loginVerifier} (by default: failed).
 * As an SMTP backend it offers AUTH with {@link #smtpLimits}, accepts every sender, answers
 * recipients with {@link #recipientPolicy} (by default: accepted) and records what it is given to deliver.
 */
public final class FakeEndpointFactory implements MessageEndpointFactory {

    private final Function<ConnectionInfo, Greeting> greeter;
    private final boolean unavailable;
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger released = new AtomicInteger();
    public volatile ConnectionInfo lastConnection;
    public final List<LoginRequest> logins = new CopyOnWriteArrayList<>();
    public volatile Function<LoginRequest, LoginResult> loginVerifier = request -> LoginResult.failed("Invalid credentials");
    public volatile SmtpLimits smtpLimits = new SmtpLimits(1_000_000, 100, 10, 0, 0);
    public volatile MailboxLimits mailboxLimits = new MailboxLimits(20, 2000, 20, 20, 64 * 1024, 256 * 1024, 50L * 1024 * 1024,
            Duration.ofMinutes(30), Duration.ofMinutes(31));
    public volatile Function<Recipient, RecipientVerdict> recipientPolicy = recipient -> RecipientVerdict.accept(Long.MAX_VALUE);
    public final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    public final List<String> delivered = new CopyOnWriteArrayList<>();
    /** The IMAP and POP3 mailbox calls go to it; a test that makes them sets it. */
    public volatile MailboxBackend mailboxes;

    private FakeEndpointFactory(Function<ConnectionInfo, Greeting> greeter, boolean unavailable) {
        this.greeter = greeter;
        this.unavailable = unavailable;
    }

    /** Welcomes every client; logins only on TLS, as by default. */
    public static FakeEndpointFactory welcoming(String text) {
        return welcoming(text, false);
    }

    public static FakeEndpointFactory welcoming(String text, boolean plaintextLoginAllowed) {
        return new FakeEndpointFactory(connection -> Greeting.welcome(text, plaintextLoginAllowed), false);
    }

    /** Answers every login with {@code result}. */
    public FakeEndpointFactory answeringLogins(LoginResult result) {
        loginVerifier = request -> result;
        return this;
    }

    public static FakeEndpointFactory refusing(String reason) {
        return new FakeEndpointFactory(connection -> Greeting.refuse(reason), false);
    }

    /** The endpoint is there but its call fails, as an MDB throwing an EJBException would. */
    public static FakeEndpointFactory failing() {
        return new FakeEndpointFactory(connection -> {
            throw new IllegalStateException("backend down");
        }, false);
    }

    /** No endpoint can be had, as during an undeploy. */
    public static FakeEndpointFactory unavailable() {
        return new FakeEndpointFactory(connection -> Greeting.welcome("unused", false), true);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) throws UnavailableException {
        if (unavailable) {
            throw new UnavailableException("endpoint pool closed");
        }
        created.incrementAndGet();
        return new Endpoint();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) throws UnavailableException {
        return createEndpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
    }

    @Override
    public String getActivationName() {
        return "fake";
    }

    @Override
    public Class<?> getEndpointClass() {
        return Endpoint.class;
    }

    private final class Endpoint implements MessageEndpoint, SmtpBackend, MailboxBackend {

        private Greeting greeting(ConnectionInfo connection) {
            lastConnection = connection;
            return greeter.apply(connection);
        }

        @Override
        public MailboxWelcome greet(ConnectionInfo connection) {
            return new MailboxWelcome(greeting(connection), mailboxLimits);
        }

        @Override
        public SmtpWelcome welcome(ConnectionInfo connection) {
            return new SmtpWelcome(greeting(connection), smtpLimits, !connection.listener().equals("smtp"));
        }

        @Override
        public SmtpReply mail(Envelope envelope) {
            return SmtpReply.ok("2.1.0", "Sender OK");
        }

        @Override
        public RecipientVerdict recipient(Envelope envelope, Recipient recipient) {
            return recipientPolicy.apply(recipient);
        }

        @Override
        public SmtpReply deliver(Envelope envelope, MessageContent content) {
            try (InputStream in = content.open()) {
                delivered.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            envelopes.add(envelope);
            return SmtpReply.ok("2.0.0", "Queued as " + delivered.size());
        }

        @Override
        public LoginResult login(LoginRequest request) {
            logins.add(request);
            return loginVerifier.apply(request);
        }

        @Override
        public MailboxAnswer<List<FolderEntry>> folders(String account) {
            return mailboxes().folders(account);
        }

        @Override
        public MailboxAnswer<FolderStatus> status(String account, String folder) {
            return mailboxes().status(account, folder);
        }

        @Override
        public MailboxAnswer<SelectedFolder> select(String account, String folder) {
            return mailboxes().select(account, folder);
        }

        @Override
        public MailboxAnswer<FolderChanges> changes(String account, String folder, long modseq) {
            return mailboxes().changes(account, folder, modseq);
        }

        @Override
        public MailboxAnswer<List<MessageMeta>> messages(String account, String folder, long fromUid, long toUid) {
            return mailboxes().messages(account, folder, fromUid, toUid);
        }

        @Override
        public MailboxAnswer<Map<Long, MessageShape>> shapes(String account, String folder, List<Long> uids, List<String> parts,
                                                             boolean utf8) {
            return mailboxes().shapes(account, folder, uids, parts, utf8);
        }

        @Override
        public MailboxAnswer<long[]> search(String account, String folder, SearchKey key) {
            return mailboxes().search(account, folder, key);
        }

        @Override
        public MailboxAnswer<long[]> sort(String account, String folder, List<SortCriterion> criteria, SearchKey program) {
            return mailboxes().sort(account, folder, criteria, program);
        }

        @Override
        public MailboxAnswer<List<ThreadNode>> thread(String account, String folder, ThreadAlgorithm algorithm, SearchKey program) {
            return mailboxes().thread(account, folder, algorithm, program);
        }

        @Override
        public MailboxAnswer<FlagsStored> store(String account, String folder, long uidValidity, List<Long> uids,
                                                FlagChange change, List<String> flags, long unchangedSince) {
            return mailboxes().store(account, folder, uidValidity, uids, change, flags, unchangedSince);
        }

        @Override
        public MailboxAnswer<List<Long>> expunge(String account, String folder, long uidValidity, List<Long> uids) {
            return mailboxes().expunge(account, folder, uidValidity, uids);
        }

        @Override
        public MailboxAnswer<Transferred> append(String account, String folder, List<String> flags, Instant internalDate,
                                                 MessageContent message) {
            return mailboxes().append(account, folder, flags, internalDate, message);
        }

        @Override
        public MailboxAnswer<Transferred> copy(String account, String folder, long uidValidity, List<Long> uids, String target,
                                               boolean move) {
            return mailboxes().copy(account, folder, uidValidity, uids, target, move);
        }

        @Override
        public MailboxAnswer<FolderStatus> create(String account, String folder, String specialUse) {
            return mailboxes().create(account, folder, specialUse);
        }

        @Override
        public MailboxAnswer<FolderStatus> rename(String account, String folder, String newName) {
            return mailboxes().rename(account, folder, newName);
        }

        @Override
        public MailboxAnswer<Boolean> delete(String account, String folder) {
            return mailboxes().delete(account, folder);
        }

        @Override
        public MailboxAnswer<Boolean> subscribe(String account, String folder, boolean subscribed) {
            return mailboxes().subscribe(account, folder, subscribed);
        }

        @Override
        public MailboxAnswer<StorageQuota> quota(String account) {
            return mailboxes().quota(account);
        }

        @Override
        public MailboxAnswer<Long> deletedSize(String account, String folder) {
            return mailboxes().deletedSize(account, folder);
        }

        @Override
        public MailboxAnswer<List<Long>> remove(String account, String folder, long uidValidity, List<Long> uids) {
            return mailboxes().remove(account, folder, uidValidity, uids);
        }

        @Override
        public MailboxAnswer<Maildrop> maildrop(String account) {
            return mailboxes().maildrop(account);
        }

        private MailboxBackend mailboxes() {
            if (mailboxes == null) {
                throw new IllegalStateException("this test gave the fake endpoint no mailboxes");
            }
            return mailboxes;
        }

        @Override
        public void beforeDelivery(Method method) {
        }

        @Override
        public void afterDelivery() {
        }

        @Override
        public void release() {
            released.incrementAndGet();
        }
    }
}
