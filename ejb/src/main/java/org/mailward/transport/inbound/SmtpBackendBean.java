package org.mailward.transport.inbound;

import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.Envelope;
import org.mailward.connector.spi.smtp.MessageContent;
import org.mailward.connector.spi.smtp.Recipient;
import org.mailward.connector.spi.smtp.RecipientVerdict;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.connector.spi.smtp.SmtpReply;
import org.mailward.connector.spi.smtp.SmtpWelcome;
import org.mailward.security.login.ProtocolLogins;

/**
 * The SMTP listeners' message endpoint, bound to the resource adapter by
 * {@code META-INF/jboss-ejb3.xml}. Its activation makes the adapter open the SMTP,
 * submission and SMTPS sockets; its undeployment closes them. Policy is {@link SmtpPolicy}'s,
 * and taking a message in is {@link InboundSpool}'s, in a transaction it may share with other sessions.
 */
@MessageDriven(messageListenerInterface = SmtpBackend.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpBackendBean implements SmtpBackend {

    @Inject
    private SmtpPolicy policy;

    @Inject
    private ProtocolLogins logins;

    @Inject
    private InboundSpool spool;

    @Override
    public SmtpWelcome welcome(ConnectionInfo connection) {
        return policy.welcome(connection);
    }

    @Override
    public LoginResult login(LoginRequest request) {
        return logins.login(request);
    }

    @Override
    public SmtpReply mail(Envelope envelope) {
        return policy.mail(envelope);
    }

    @Override
    public RecipientVerdict recipient(Envelope envelope, Recipient recipient) {
        return policy.recipient(envelope, recipient);
    }

    @Override
    public SmtpReply deliver(Envelope envelope, MessageContent content) {
        return spool.accept(envelope, content);
    }
}
