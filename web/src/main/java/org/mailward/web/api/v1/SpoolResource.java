package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.transport.outbound.OutboundAdmin;
import org.mailward.transport.spool.SpoolAdmin;
import org.mailward.transport.spool.SpoolView;

/**
 * {@code /api/v1/system/spool}: accepted mail not yet delivered (QUEUED, DEFERRED with its last
 * error and next attempt) and what gave up (DEAD); outbound mail can be attempted now
 * ({@code POST {id}/retry}), returned to its sender ({@code POST {id}/bounce}) or deleted.
 */
@Path("system/spool")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Callers.SYSTEM_ADMIN)
public class SpoolResource {

    @Inject
    private SpoolAdmin spool;

    @Inject
    private OutboundAdmin outbound;

    @Context
    private SecurityContext security;

    @GET
    public Page<SpoolView> list(@QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return spool.list(Callers.of(security), PageRequest.of(offset, limit, null));
    }

    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id) {
        outbound.retryNow(Callers.of(security), id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/bounce")
    public Response bounce(@PathParam("id") String id) {
        outbound.bounce(Callers.of(security), id);
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        outbound.delete(Callers.of(security), id);
        return Response.noContent().build();
    }
}
