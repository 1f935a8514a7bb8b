package org.mailward.web.api.v1;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.settings.SettingChange;
import org.mailward.directory.settings.SettingView;
import org.mailward.directory.settings.SettingsService;

import java.util.Map;

/**
 * {@code /api/v1/system/settings}: the system level of the settings, which domains and users
 * inherit unless a level above forbids them to override.
 */
@Path("system/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.SYSTEM_ADMIN, Callers.DOMAIN_ADMIN})
public class SystemSettingsResource {

    @Inject
    private SettingsService settings;

    @Context
    private SecurityContext security;

    @GET
    public Map<String, SettingView> get() {
        return settings.system(Callers.of(security));
    }

    @PUT
    public Map<String, SettingView> change(Map<String, SettingChange> changes) {
        return settings.changeSystem(Callers.of(security), Callers.required(changes));
    }
}
