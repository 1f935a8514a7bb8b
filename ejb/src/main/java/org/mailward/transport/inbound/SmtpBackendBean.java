package org.mailward.transport.inbound;

import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.mailward.admin.settings.ServerSettings;
import org.mailward.connector.spi.ConnectionInfo;
import org.mailward.connector.spi.Greeting;
import org.mailward.connector.spi.smtp.SmtpBackend;

/**
 * The SMTP listeners' message endpoint, bound to the resource adapter by
 * {@code META-INF/jboss-ejb3.xml}. Its activation makes the adapter open the SMTP,
 * submission and SMTPS sockets; its undeployment closes them.
 */
@MessageDriven(messageListenerInterface = SmtpBackend.class)
public class SmtpBackendBean implements SmtpBackend {

    @Inject
    private ServerSettings settings;

    @Override
    public Greeting greet(ConnectionInfo connection) {
        return Greeting.welcome(settings.hostname() + " Mailward ESMTP ready");
    }
}
