package org.mailward.web.api.v1;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not the JSON the resource expects is the client's mistake: 400, not 500. */
@Provider
public class RequestBodyErrorMapper implements ExceptionMapper<ProcessingException> {

    @Override
    public Response toResponse(ProcessingException e) {
        return ErrorMapper.json(400, "The request body is not valid JSON of the expected shape");
    }
}
