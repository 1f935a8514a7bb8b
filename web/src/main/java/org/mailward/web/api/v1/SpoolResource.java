package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.transport.spool.SpoolAdmin;
import org.mailward.transport.spool.SpoolView;

/** {@code /api/v1/system/spool}: accepted mail not yet delivered, and what gave up (state DEAD). */
@Path("system/spool")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Callers.SYSTEM_ADMIN)
public class SpoolResource {

    @Inject
    private SpoolAdmin spool;

    @Context
    private SecurityContext security;

    @GET
    public Page<SpoolView> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return spool.list(Callers.of(security), PageRequest.of(offset, limit, null));
    }
}
