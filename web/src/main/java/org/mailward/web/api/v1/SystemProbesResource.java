package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.mailward.admin.probe.PipelineProbeService;
import org.mailward.admin.probe.ProbeStatus;

/**
 * {@code /api/v1/system/probes}: a system administrator sends a probe through the JMS pipeline
 * and polls it until the consumer has stamped it.
 */
@Path("system/probes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("system-admin")
public class SystemProbesResource {

    @Inject
    private PipelineProbeService probes;

    @POST
    public Response send(@Context SecurityContext caller, @Context UriInfo uri) {
        ProbeStatus sent = probes.send(caller.getUserPrincipal().getName());
        return Response.created(uri.getAbsolutePathBuilder().path(sent.id()).build()).entity(sent).build();
    }

    @GET
    @Path("{id}")
    public ProbeStatus find(@PathParam("id") String id) {
        return probes.find(id).orElseThrow(() -> new NotFoundException("No probe " + id));
    }
}
