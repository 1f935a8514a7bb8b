package org.mailward.web.session;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** The signed-in user and the Mailward realm roles they hold, for the page header and home page. */
@Named
@RequestScoped
public class SessionView {

    /** The realm roles, most powerful first. */
    static final List<String> ROLES = List.of("system-admin", "domain-admin", "user");

    @Inject
    private ExternalContext external;

    public String getUserName() {
        return external.getUserPrincipal() == null ? "" : external.getUserPrincipal().getName();
    }

    public List<String> getRoles() {
        return ROLES.stream().filter(external::isUserInRole).toList();
    }
}
