package org.mailward.web.api.v1;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mailward.directory.DirectoryException;

/** A refusal of the directory becomes its status: 400, 403, 404 or 409, with the reason. */
@Provider
public class DirectoryErrorMapper implements ExceptionMapper<DirectoryException> {

    @Override
    public Response toResponse(DirectoryException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        return ErrorMapper.json(status, e.getMessage());
    }
}
