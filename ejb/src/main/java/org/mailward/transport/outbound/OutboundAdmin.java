package org.mailward.transport.outbound;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.mailward.directory.DirectoryException;
import org.mailward.directory.access.AccessControl;
import org.mailward.directory.access.Caller;

import java.util.UUID;
import java.util.logging.Logger;

/**
 * The system administrator's actions on outbound mail in the spool: attempt it now, return it to
 * its sender, or delete it. Inbound mail is only ever delivered locally, within seconds, and is
 * not acted on here.
 */
@Stateless
public class OutboundAdmin {

    private static final Logger LOG = Logger.getLogger(OutboundAdmin.class.getName());

    @Inject
    private AccessControl access;

    @Inject
    private OutboundLedger ledger;

    public void retryNow(Caller caller, String id) {
        access.requireSystemAdmin(caller, "retry spooled mail");
        found(ledger.retryNow(checked(id)), id);
        LOG.info(() -> caller.username() + " ordered outbound " + id + " attempted now");
    }

    public void bounce(Caller caller, String id) {
        access.requireSystemAdmin(caller, "bounce spooled mail");
        found(ledger.bounce(checked(id)), id);
        LOG.info(() -> caller.username() + " returned outbound " + id + " to its sender");
    }

    public void delete(Caller caller, String id) {
        access.requireSystemAdmin(caller, "delete spooled mail");
        found(ledger.delete(checked(id)), id);
        LOG.info(() -> caller.username() + " deleted outbound " + id);
    }

    private static String checked(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException e) {
            throw DirectoryException.notFound("No outbound message " + id + " in the spool");
        }
    }

    private static void found(boolean found, String id) {
        if (!found) {
            throw DirectoryException.notFound("No outbound message " + id + " in the spool (delivered already, or inbound)");
        }
    }
}
