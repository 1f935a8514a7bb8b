package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.settings.SettingChange;
import org.mailward.directory.settings.SettingView;
import org.mailward.directory.settings.SettingsService;

import java.util.Map;

/** {@code /api/v1/domains/{domain}/settings}: a domain's level of the settings; a user's own are under {@code /me/settings}. */
@Path("domains/{domain}/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class DomainSettingsResource {

    @Inject
    private SettingsService settings;

    @Context
    private SecurityContext security;

    @PathParam("domain")
    private String domain;

    @GET
    public Map<String, SettingView> get() {
        return settings.domain(Callers.of(security), domain);
    }

    @PUT
    public Map<String, SettingView> change(Map<String, SettingChange> changes) {
        return settings.changeDomain(Callers.of(security), domain, Callers.required(changes));
    }
}
