package org.mailward.mailbox.store;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

/**
 * Publishes {@link MailboxChange}s on {@code mail.events} as small JSON text messages. The
 * injected context joins the caller's transaction: a change is heard only once it is committed.
 */
@ApplicationScoped
public class MailboxEvents {

    static final String TOPIC = "java:/jms/topic/mail.events";

    @Inject
    private JMSContext jms;

    @Resource(lookup = TOPIC)
    private Topic topic;

    public void publish(MailboxChange change) {
        JsonArrayBuilder uids = Json.createArrayBuilder();
        change.uids().forEach(uids::add);
        String body = Json.createObjectBuilder()
                .add("account", change.accountId())
                .add("folder", change.folderId())
                .add("kind", change.kind().name())
                .add("uids", uids)
                .add("modseq", change.modseq())
                .build().toString();
        // A notification, not a record: nobody needs it after a restart, so it skips the journal.
        jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT)
                .setProperty("account", change.accountId()).send(topic, body);
    }
}
