package org.mailward.web.session;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.wildfly.security.http.oidc.OidcSecurityContext;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Signs out here and at Keycloak (OpenID Connect RP-initiated logout): ends the local session,
 * then sends the browser to Keycloak's end-session endpoint with the ID token as hint, which
 * returns it to the signed-out page. POST only, so that a link in a mail cannot sign anyone out.
 */
@WebServlet("/logout")
public class LogoutServlet extends HttpServlet {

    static final String SIGNED_OUT_PAGE = "/signed-out.xhtml";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        OidcSecurityContext oidc = (OidcSecurityContext) request.getAttribute(OidcSecurityContext.class.getName());
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        String signedOut = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath() + SIGNED_OUT_PAGE;
        if (oidc == null || oidc.getIDToken() == null) {
            response.sendRedirect(signedOut);
            return;
        }
        response.sendRedirect(oidc.getIDToken().getIssuer() + "/protocol/openid-connect/logout"
                + "?id_token_hint=" + encode(oidc.getIDTokenString())
                + "&post_logout_redirect_uri=" + encode(signedOut));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
