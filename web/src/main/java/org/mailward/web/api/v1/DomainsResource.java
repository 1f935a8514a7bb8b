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
import org.mailward.directory.domain.DomainChanges;
import org.mailward.directory.domain.DomainService;
import org.mailward.directory.domain.DomainView;

/**
 * {@code /api/v1/domains}: the system administrator manages every domain; a domain administrator
 * sees theirs, its aliases, and its password policy.
 */
@Path("domains")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class DomainsResource {

    /** A domain alias to add. */
    public record DomainAliasRequest(String name) {
    }

    @Inject
    private DomainService domains;

    @Context
    private SecurityContext security;

    @GET
    public Page<DomainView> list(@QueryParam("search") String search, @QueryParam("offset") Integer offset,
                                 @QueryParam("limit") Integer limit) {
        return domains.list(Callers.of(security), PageRequest.of(offset, limit, search));
    }

    @POST
    public Response create(DomainChanges domain, @Context UriInfo uri) {
        DomainView created = domains.create(Callers.of(security), Callers.required(domain));
        return Response.created(uri.getAbsolutePathBuilder().path(created.name()).build()).entity(created).build();
    }

    @GET
    @Path("{domain}")
    public DomainView get(@PathParam("domain") String name) {
        return domains.get(Callers.of(security), name);
    }

    @PUT
    @Path("{domain}")
    public DomainView update(@PathParam("domain") String name, DomainChanges changes) {
        return domains.update(Callers.of(security), name, Callers.required(changes));
    }

    @DELETE
    @Path("{domain}")
    public Response delete(@PathParam("domain") String name) {
        domains.delete(Callers.of(security), name);
        return Response.noContent().build();
    }

    @POST
    @Path("{domain}/domain-aliases")
    public DomainView addAlias(@PathParam("domain") String name, DomainAliasRequest alias) {
        return domains.addAlias(Callers.of(security), name, Callers.required(alias).name());
    }

    @DELETE
    @Path("{domain}/domain-aliases/{alias}")
    public DomainView removeAlias(@PathParam("domain") String name, @PathParam("alias") String alias) {
        return domains.removeAlias(Callers.of(security), name, alias);
    }
}
