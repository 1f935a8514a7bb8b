package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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
import jakarta.ws.rs.core.StreamingOutput;
import org.mailward.directory.PageRequest;
import org.mailward.directory.access.Caller;
import org.mailward.mailbox.access.CallerMailbox;
import org.mailward.mailbox.store.FolderView;
import org.mailward.mailbox.store.MailboxStore;
import org.mailward.mailbox.store.MessageFlag;
import org.mailward.mailbox.store.MessageView;

import java.io.InputStream;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/me/folders} and {@code /api/v1/me/messages}: the caller's own folders (list,
 * create, rename, delete), and the messages of a folder (a page, newest first; one as stored;
 * append; flags; copy, move and expunge by UID). What webmail needs, on the same mail store as
 * IMAP and POP3.
 */
@Path("me")
@RolesAllowed({Callers.USER, Callers.DOMAIN_ADMIN, Callers.SYSTEM_ADMIN})
public class MailboxResource {

    /** A folder to create, or a folder's new name. */
    public record FolderRequest(String name) {
    }

    /** A flag change: mode REPLACE, ADD or REMOVE; system flags by name (SEEN, FLAGGED...), keywords as they are. */
    public record FlagRequest(String mode, List<String> flags, List<String> keywords, Long unchangedSince) {
    }

    /** Messages to copy or move, by UID, and where to. */
    public record TransferRequest(List<Long> uids, String to) {
    }

    public record FlagResponse(List<MessageView> changed, List<Long> modified) {
    }

    public record Transfer(long uid, long newUid) {
    }

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

    @POST
    @Path("folders")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createFolder(FolderRequest request) {
        return Response.status(201).entity(mailbox.createFolder(Callers.of(security), Callers.required(request).name())).build();
    }

    @PUT
    @Path("folders/{name: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public FolderView renameFolder(@PathParam("name") String name, FolderRequest request) {
        return mailbox.renameFolder(Callers.of(security), name, Callers.required(request).name());
    }

    @DELETE
    @Path("folders/{name: .+}")
    public Response deleteFolder(@PathParam("name") String name) {
        mailbox.deleteFolder(Callers.of(security), name);
        return Response.noContent().build();
    }

    @GET
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MessageView> messages(@QueryParam("folder") @DefaultValue("INBOX") String folder,
                                      @QueryParam("offset") Integer offset, @QueryParam("limit") Integer limit) {
        return mailbox.messages(Callers.of(security), folder, PageRequest.of(offset, limit, null));
    }

    /** Appends a message given as {@code message/rfc822}; {@code flag} may repeat (SEEN, DRAFT...). */
    @POST
    @Path("messages")
    @Consumes("message/rfc822")
    @Produces(MediaType.APPLICATION_JSON)
    public Response append(@QueryParam("folder") @DefaultValue("INBOX") String folder, @QueryParam("flag") List<String> flags,
                           byte[] message) {
        MailboxStore.Stored stored = mailbox.append(Callers.of(security), folder, message, systemFlags(flags));
        return Response.status(201).entity(stored).build();
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

    @PUT
    @Path("messages/{uid}/flags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public FlagResponse changeFlags(@QueryParam("folder") @DefaultValue("INBOX") String folder, @PathParam("uid") long uid,
                                    FlagRequest request) {
        FlagRequest change = Callers.required(request);
        MailboxStore.FlagMode mode;
        try {
            mode = MailboxStore.FlagMode.valueOf(change.mode() == null ? "" : change.mode().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("mode must be REPLACE, ADD or REMOVE");
        }
        MailboxStore.FlagResult result = mailbox.changeFlags(Callers.of(security), folder, List.of(uid), mode,
                systemFlags(change.flags()), Set.copyOf(change.keywords() == null ? List.of() : change.keywords()),
                change.unchangedSince() == null ? -1 : change.unchangedSince());
        return new FlagResponse(result.changed(), result.modified());
    }

    @POST
    @Path("messages/copy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public List<Transfer> copy(@QueryParam("folder") @DefaultValue("INBOX") String folder, TransferRequest request) {
        return transfer(folder, request, mailbox::copy);
    }

    @POST
    @Path("messages/move")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public List<Transfer> move(@QueryParam("folder") @DefaultValue("INBOX") String folder, TransferRequest request) {
        return transfer(folder, request, mailbox::move);
    }

    /** Deletes the messages for good, flagged \Deleted or not; answers the UIDs removed. */
    @DELETE
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Long> expunge(@QueryParam("folder") @DefaultValue("INBOX") String folder, @QueryParam("uid") List<Long> uids) {
        if (uids == null || uids.isEmpty()) {
            throw new BadRequestException("Name the messages to remove with uid=");
        }
        return mailbox.remove(Callers.of(security), folder, uids);
    }

    /** Copy or move, as {@link CallerMailbox} does them. */
    private interface TransferOperation {
        List<long[]> apply(Caller caller, String folder, Collection<Long> uids, String target);
    }

    private List<Transfer> transfer(String folder, TransferRequest request, TransferOperation operation) {
        TransferRequest transfer = Callers.required(request);
        if (transfer.uids() == null || transfer.uids().isEmpty() || transfer.to() == null) {
            throw new BadRequestException("Give the uids and the folder to put them in (to)");
        }
        return operation.apply(Callers.of(security), folder, transfer.uids(), transfer.to()).stream()
                .map(pair -> new Transfer(pair[0], pair[1])).toList();
    }

    private static Set<MessageFlag> systemFlags(List<String> names) {
        Set<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        for (String name : names == null ? List.<String>of() : names) {
            try {
                flags.add(MessageFlag.valueOf(name.replace("\\", "").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("Unknown flag " + name + "; use SEEN, ANSWERED, FLAGGED, DELETED or DRAFT");
            }
        }
        return flags;
    }
}
