package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.mailbox.store.ExpungeRecordPruning;

/**
 * {@code /api/v1/system/expunge-records}: the UIDs of expunged messages QRESYNC remembers.
 * {@code POST .../pruning} prunes those older than {@code imap.expunged-retention-days} now, as the
 * hourly run does, and answers how many went from how many folders.
 */
@Path("system/expunge-records")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Callers.SYSTEM_ADMIN)
public class ExpungeRecordsResource {

    @Inject
    private ExpungeRecordPruning pruning;

    @Context
    private SecurityContext security;

    @POST
    @Path("pruning")
    public ExpungeRecordPruning.Pruned prune() {
        return pruning.pruneNow(Callers.of(security));
    }
}
