package org.mailward.connector.smtp;

import java.util.List;
import java.util.function.Supplier;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import org.mailward.connector.net.EndpointInvoker;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.testing.ListenerContract;

class SmtpListenerTest extends ListenerContract {

    @Override
    protected String protocol() {
        return "smtp";
    }

    @Override
    protected String listenerName() {
        return "submission";
    }

    @Override
    protected Supplier<SmtpSession> sessions(MessageEndpointFactory factory) {
        EndpointInvoker<SmtpBackend> backend = new EndpointInvoker<>(factory, SmtpBackend.class);
        return () -> new SmtpSession(backend, false);
    }

    @Override
    protected String[] greeting(boolean loginAllowed) {
        return new String[] {"220 " + WELCOME};
    }

    @Override
    protected String refusal(String reason) {
        return "554 5.7.1 " + reason;
    }

    @Override
    protected String temporaryFailure() {
        return "421 4.3.2 Service temporarily unavailable";
    }

    @Override
    protected String noop() {
        return "NOOP";
    }

    @Override
    protected String noopReply() {
        return "250 2.0.0 OK";
    }

    @Override
    protected String quit() {
        return "QUIT";
    }

    @Override
    protected String[] goodbye() {
        return new String[] {"221 2.0.0 mail.example.org closing connection"};
    }

    @Override
    protected String lineTooLong() {
        return "500 5.5.2 Line too long";
    }

    @Override
    protected String idleTimeout() {
        return "421 4.4.2 mail.example.org Timeout; closing connection";
    }

    @Override
    protected List<Exchange> startPlainLogin() {
        return List.of(
                new Exchange("EHLO client.example.net", ehlo("AUTH PLAIN LOGIN")),
                new Exchange("AUTH PLAIN", "334 "));
    }

    private static String[] ehlo(String... more) {
        return SmtpSessionTest.ehlo("mail.example.org", "client.example.net", more).lines().toArray(String[]::new);
    }

    @Override
    protected String[] loginSucceeded() {
        return new String[] {"235 2.7.0 Authentication successful"};
    }

    @Override
    protected String[] loginBlocked(String reason) {
        return new String[] {"421 4.7.0 " + reason};
    }

    @Override
    protected List<Exchange> loginWithoutTls() {
        return List.of(
                new Exchange("EHLO client.example.net", ehlo()),
                new Exchange("AUTH PLAIN", "538 5.7.11 Encryption required for requested authentication mechanism"));
    }
}
