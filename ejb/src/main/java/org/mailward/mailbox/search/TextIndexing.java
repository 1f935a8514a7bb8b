package org.mailward.mailbox.search;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.Schedule;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.mailward.directory.settings.Setting;
import org.mailward.directory.settings.SystemSettings;

import java.util.logging.Logger;

/**
 * Feeds the full-text index from {@code mail.index}: each message names a folder that has new
 * mail, whose messages not yet indexed are indexed in batches a moment later, on one thread
 * ({@link IndexingSchedule}). Every 30 seconds, a sweep looks for what nobody announced: mail a
 * restart left behind, or marked not indexed by an upgrade or a rebuild; when there is any, the
 * indexing thread catches up with it, a batch after another, yielding to arriving mail. A search
 * indexes its own folder first meanwhile.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "java:/jms/queue/mail.index"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TextIndexing implements MessageListener {

    private static final Logger LOG = Logger.getLogger(TextIndexing.class.getName());
    @Inject
    private MessageIndex index;

    @Inject
    private IndexingSchedule schedule;

    @Inject
    private SystemSettings settings;

    @Override
    public void onMessage(Message message) {
        try {
            schedule.arrived(message.getBody(Long.class));
        } catch (JMSException e) {
            LOG.warning(() -> "Mailward ignores a mail.index message without a folder id: " + e);
        }
    }

    @Schedule(hour = "*", minute = "*", second = "*/30", persistent = false)
    void sweep() {
        if (!settings.flag(Setting.SEARCH_INDEX_AT_DELIVERY)) {
            return;
        }
        // One query on the flag's index when nothing is behind; the first sweep after a start finds an upgrade's backlog.
        if (!index.foldersBehind(1).isEmpty()) {
            schedule.catchUp();
        }
    }
}
