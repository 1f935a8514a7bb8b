package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import org.mailward.directory.PageRequest;
import org.mailward.mailbox.access.CallerMailbox;
import org.mailward.mailbox.store.FolderView;
import org.mailward.mailbox.store.MessageView;

import java.io.InputStream;
import java.util.List;

/**
 * {@code /api/v1/me/folders} and {@code /api/v1/me/messages}: the caller's own folders, a page of
 * a folder's messages (newest first), and one message as stored ({@code message/rfc822}).
 */
@Path("me")
@RolesAllowed({Callers.USER, Callers.DOMAIN_ADMIN, Callers.SYSTEM_ADMIN})
public class MailboxResource {

    @Inject
    private CallerMailbox mailbox;

    @Context
    private SecurityContext security;

    @GET
    @Path("folders")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FolderView> folders() {
        return mailbox.folders(Callers.of(security));
    }

    @GET
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MessageView> messages(@QueryParam("folder") @DefaultValue("INBOX") String folder,
                                      @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return mailbox.messages(Callers.of(security), folder, PageRequest.of(offset, limit, null));
    }

    @GET
    @Path("messages/{uid}")
    @Produces("message/rfc822")
    public Response message(@QueryParam("folder") @DefaultValue("INBOX") String folder, @PathParam("uid") long uid) {
        InputStream content = mailbox.content(Callers.of(security), folder, uid);
        StreamingOutput body = output -> {
            try (content) {
                content.transferTo(output);
            }
        };
        return Response.ok(body).build();
    }
}
