package org.mailward.web.api.v1;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mailward.directory.keycloak.KeycloakException;
import org.mailward.directory.keycloak.KeycloakUnreachableException;

import java.util.logging.Logger;

/**
 * Keycloak down is a 503 the client may retry; Keycloak refusing a call Mailward made is a 502.
 * Nothing was changed in either case: the transaction rolled back.
 */
@Provider
public class KeycloakErrorMapper implements ExceptionMapper<KeycloakException> {

    private static final Logger LOG = Logger.getLogger(KeycloakErrorMapper.class.getName());

    @Override
    public Response toResponse(KeycloakException e) {
        LOG.warning(() -> "Keycloak call failed: " + e.getMessage());
        return e instanceof KeycloakUnreachableException
                ? ErrorMapper.json(503, "The identity provider is unreachable; nothing was changed, try again later")
                : ErrorMapper.json(502, "The identity provider refused the change; nothing was changed");
    }
}
