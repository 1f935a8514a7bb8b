package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.mailbox.search.IndexRebuild;
import org.mailward.mailbox.search.RebuildScope;

/**
 * {@code /api/v1/system/search-index/rebuild}: the full-text index of one account
 * ({@code {"account":"bob@example.org"}}), one domain ({@code {"domain":"example.org"}}) or all
 * mail ({@code {"all":true}}) is emptied and rebuilt in the background; 202 with how many messages
 * wait to be indexed again.
 */
@Path("system/search-index")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Callers.SYSTEM_ADMIN)
public class SearchIndexResource {

    @Inject
    private IndexRebuild rebuild;

    @Context
    private SecurityContext security;

    @POST
    @Path("rebuild")
    public Response rebuild(RebuildScope scope) {
        return Response.accepted(rebuild.rebuild(Callers.of(security), Callers.required(scope))).build();
    }
}
