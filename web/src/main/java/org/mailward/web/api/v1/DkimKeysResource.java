package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.mailward.transport.dkim.DkimKeyChanges;
import org.mailward.transport.dkim.DkimKeyView;
import org.mailward.transport.dkim.DkimKeys;

import java.util.List;

/**
 * {@code /api/v1/domains/{domain}/dkim-keys}: the domain's DKIM keys with the DNS record to
 * publish for each; {@code POST {"algorithm": "rsa-sha256"|"ed25519-sha256", "selector": ...}}
 * generates one.
 */
@Path("domains/{domain}/dkim-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class DkimKeysResource {

    @Inject
    private DkimKeys keys;

    @Context
    private SecurityContext security;

    @PathParam("domain")
    private String domain;

    @GET
    public List<DkimKeyView> list() {
        return keys.list(Callers.of(security), domain);
    }

    @POST
    public Response generate(DkimKeyChanges request, @Context UriInfo uri) {
        DkimKeyView created = keys.generate(Callers.of(security), domain, Callers.required(request));
        return Response.created(uri.getAbsolutePathBuilder().path("{selector}").build(created.selector())).entity(created).build();
    }

    @GET
    @Path("{selector}")
    public DkimKeyView get(@PathParam("selector") String selector) {
        return keys.get(Callers.of(security), domain, selector);
    }

    /** {@code {"active": false}} stops a key signing, {@code true} starts it again. */
    @PUT
    @Path("{selector}")
    public DkimKeyView update(@PathParam("selector") String selector, DkimKeyChanges changes) {
        return keys.update(Callers.of(security), domain, selector, Callers.required(changes));
    }

    @DELETE
    @Path("{selector}")
    public Response delete(@PathParam("selector") String selector) {
        keys.delete(Callers.of(security), domain, selector);
        return Response.noContent().build();
    }
}
