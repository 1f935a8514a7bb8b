package org.mailward.web.api.v1;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mailward.mailbox.store.MailboxException;

/** A refused mailbox operation becomes 400, 404, 409 or 507 (over quota), with the reason. */
@Provider
public class MailboxErrorMapper implements ExceptionMapper<MailboxException> {

    @Override
    public Response toResponse(MailboxException e) {
        int status = switch (e.kind()) {
            case INVALID, SPECIAL_USE -> 400;
            case NOT_FOUND, GONE -> 404;
            case ALREADY_EXISTS, HAS_CHILDREN -> 409;
            case OVER_QUOTA -> 507;
        };
        return ErrorMapper.json(status, e.getMessage());
    }
}
