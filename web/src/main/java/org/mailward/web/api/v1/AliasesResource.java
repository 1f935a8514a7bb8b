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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.mailward.directory.Page;
import org.mailward.directory.PageRequest;
import org.mailward.directory.alias.AliasChanges;
import org.mailward.directory.alias.AliasService;
import org.mailward.directory.alias.AliasView;

/** {@code /api/v1/domains/{domain}/aliases}: a domain's aliases; the catch-all is {@code *}. */
@Path("domains/{domain}/aliases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class AliasesResource {

    @Inject
    private AliasService aliases;

    @Context
    private SecurityContext security;

    @PathParam("domain")
    private String domain;

    @GET
    public Page<AliasView> list(@QueryParam("search") String search, @QueryParam("offset") Integer offset,
                                @QueryParam("limit") Integer limit) {
        return aliases.list(Callers.of(security), domain, PageRequest.of(offset, limit, search));
    }

    @POST
    public Response create(AliasChanges alias, @Context UriInfo uri) {
        AliasView created = aliases.create(Callers.of(security), domain, Callers.required(alias));
        String localPart = created.address().substring(0, created.address().lastIndexOf('@'));
        // A template parameter, so that braces in a local part are encoded, not read as a template.
        return Response.created(uri.getAbsolutePathBuilder().path("{localPart}").build(localPart)).entity(created).build();
    }

    @GET
    @Path("{localPart}")
    public AliasView get(@PathParam("localPart") String localPart) {
        return aliases.get(Callers.of(security), domain, localPart);
    }

    @PUT
    @Path("{localPart}")
    public AliasView update(@PathParam("localPart") String localPart, AliasChanges changes) {
        return aliases.update(Callers.of(security), domain, localPart, Callers.required(changes));
    }

    @DELETE
    @Path("{localPart}")
    public Response delete(@PathParam("localPart") String localPart) {
        aliases.delete(Callers.of(security), domain, localPart);
        return Response.noContent().build();
    }
}
