package org.mailward.transport.inbound;

import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.auth.LoginRequest;
import org.mailward.connector.spi.auth.LoginResult;
import org.mailward.connector.spi.smtp.SmtpBackend;
import org.mailward.security.login.ProtocolLogins;

/**
 * The SMTP listeners' message endpoint, bound to the resource adapter by
 * {@code META-INF/jboss-ejb3.xml}. Its activation makes the adapter open the SMTP,
 * submission and SMTPS sockets; its undeployment closes them.
 */
@MessageDriven(messageListenerInterface = SmtpBackend.class)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpBackendBean implements SmtpBackend {

    @Inject
    private ServerSettings settings;

    @Inject
    private ProtocolLogins logins;

    @Override
    public Greeting greet(ConnectionInfo connection) {
        return logins.greeting(connection, settings.hostname() + " Mailward ESMTP ready");
    }

    @Override
    public LoginResult login(LoginRequest request) {
        return logins.login(request);
    }
}
