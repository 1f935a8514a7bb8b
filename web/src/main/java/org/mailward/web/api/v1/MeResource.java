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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.mailward.directory.account.AccountChanges;
import org.mailward.directory.account.AccountService;
import org.mailward.directory.account.AccountView;
import org.mailward.directory.settings.SettingChange;
import org.mailward.directory.settings.SettingView;
import org.mailward.directory.settings.SettingsService;

import java.util.Map;

/** {@code /api/v1/me}: the caller's own account, password and settings. */
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Callers.USER, Callers.DOMAIN_ADMIN, Callers.SYSTEM_ADMIN})
public class MeResource {

    @Inject
    private AccountService accounts;

    @Inject
    private SettingsService settings;

    @Context
    private SecurityContext security;

    @GET
    public AccountView get() {
        return accounts.own(Callers.of(security));
    }

    @PUT
    public AccountView update(AccountChanges changes) {
        return accounts.updateOwn(Callers.of(security), Callers.required(changes));
    }

    @PUT
    @Path("password")
    public Response changePassword(AccountsResource.PasswordRequest request) {
        accounts.changeOwnPassword(Callers.of(security), Callers.required(request).password());
        return Response.noContent().build();
    }

    @GET
    @Path("settings")
    public Map<String, SettingView> settings() {
        return settings.own(Callers.of(security));
    }

    @PUT
    @Path("settings")
    public Map<String, SettingView> changeSettings(Map<String, SettingChange> changes) {
        return settings.changeOwn(Callers.of(security), Callers.required(changes));
    }
}
