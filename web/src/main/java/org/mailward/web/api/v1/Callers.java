package org.mailward.web.api.v1;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.access.Caller;

/** Turns the authenticated request into the {@link Caller} the directory checks. */
final class Callers {

    static final String SYSTEM_ADMIN = "system-admin";
    static final String DOMAIN_ADMIN = "domain-admin";
    static final String USER = "user";

    private Callers() {
    }

    static Caller of(SecurityContext security) {
        return new Caller(security.getUserPrincipal().getName(), security.isUserInRole(SYSTEM_ADMIN));
    }

    /** A request that needs a JSON body and came without one. */
    static <T> T required(T body) {
        if (body == null) {
            throw new BadRequestException("The request needs a JSON body");
        }
        return body;
    }
}
