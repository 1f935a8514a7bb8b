package org.mailward.connector;

import jakarta.resource.spi.Activation;

import org.mailward.connector.spi.smtp.SmtpBackend;

/** Activated by the SMTP backend MDB; opens the smtp, submission and smtps listeners. */
@Activation(messageListeners = SmtpBackend.class)
public class SmtpActivationSpec extends ListenerActivationSpec {

    @Override
    Class<?> messageListener() {
        return SmtpBackend.class;
    }
}
