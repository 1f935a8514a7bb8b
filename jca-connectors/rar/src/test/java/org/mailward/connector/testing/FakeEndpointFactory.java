package org.mailward.connector.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.mailward.connector.spi.mailbox.MailboxBackend;
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
    public volatile Function<Recipient, RecipientVerdict> recipientPolicy = recipient -> RecipientVerdict.accept(Long.MAX_VALUE);
    public final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    public final List<String> delivered = new CopyOnWriteArrayList<>();

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

        @Override
        public Greeting greet(ConnectionInfo connection) {
            lastConnection = connection;
            return greeter.apply(connection);
        }

        @Override
        public SmtpWelcome welcome(ConnectionInfo connection) {
            return new SmtpWelcome(greet(connection), smtpLimits, !connection.listener().equals("smtp"));
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
