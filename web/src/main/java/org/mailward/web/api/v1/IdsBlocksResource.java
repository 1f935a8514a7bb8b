package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.security.ids.IdsBlockView;
import org.mailward.security.ids.IntrusionDetection;

import java.util.List;

/** {@code /api/v1/system/ids-blocks}: addresses blocked by intrusion detection, and lifting a block. */
@Path("system/ids-blocks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Callers.SYSTEM_ADMIN)
public class IdsBlocksResource {

    @Inject
    private IntrusionDetection ids;

    @Context
    private SecurityContext security;

    @GET
    public List<IdsBlockView> list() {
        return ids.list(Callers.of(security));
    }

    @DELETE
    @Path("{address}")
    public Response unblock(@PathParam("address") String address) {
        ids.unblock(Callers.of(security), address);
        return Response.noContent().build();
    }
}
