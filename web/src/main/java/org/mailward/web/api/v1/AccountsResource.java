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
import org.mailward.directory.account.AccountChanges;
import org.mailward.directory.account.AccountService;
import org.mailward.directory.account.AccountView;

/** {@code /api/v1/domains/{domain}/accounts}: the accounts of a domain, for its administrators. */
@Path("domains/{domain}/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class AccountsResource {

    /** A new password. */
    public record PasswordRequest(String password) {
    }

    @Inject
    private AccountService accounts;

    @Context
    private SecurityContext security;

    @PathParam("domain")
    private String domain;

    @GET
    public Page<AccountView> list(@QueryParam("search") String search, @QueryParam("offset") Integer offset,
                                  @QueryParam("limit") Integer limit) {
        return accounts.list(Callers.of(security), domain, PageRequest.of(offset, limit, search));
    }

    @POST
    public Response create(AccountChanges account, @Context UriInfo uri) {
        AccountView created = accounts.create(Callers.of(security), domain, Callers.required(account));
        String localPart = created.address().substring(0, created.address().lastIndexOf('@'));
        // A template parameter, so that braces in a local part are encoded, not read as a template.
        return Response.created(uri.getAbsolutePathBuilder().path("{localPart}").build(localPart)).entity(created).build();
    }

    @GET
    @Path("{localPart}")
    public AccountView get(@PathParam("localPart") String localPart) {
        return accounts.get(Callers.of(security), domain, localPart);
    }

    @PUT
    @Path("{localPart}")
    public AccountView update(@PathParam("localPart") String localPart, AccountChanges changes) {
        return accounts.update(Callers.of(security), domain, localPart, Callers.required(changes));
    }

    @DELETE
    @Path("{localPart}")
    public Response delete(@PathParam("localPart") String localPart) {
        accounts.delete(Callers.of(security), domain, localPart);
        return Response.noContent().build();
    }

    @PUT
    @Path("{localPart}/password")
    public Response resetPassword(@PathParam("localPart") String localPart, PasswordRequest request) {
        accounts.resetPassword(Callers.of(security), domain, localPart, Callers.required(request).password());
        return Response.noContent().build();
    }
}
