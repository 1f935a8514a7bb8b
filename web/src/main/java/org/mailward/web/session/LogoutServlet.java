package org.mailward.web.session;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs out here and at Keycloak (OpenID Connect RP-initiated logout): ends the local session,
 * then sends the browser to the issuer's end-session endpoint with the ID token as hint, which
 * returns it to the signed-out page. POST only, so that a link in a mail cannot sign anyone out.
 */
@WebServlet("/logout")
public class LogoutServlet extends HttpServlet {

    static final String SIGNED_OUT_PAGE = "/signed-out.xhtml";

    /**
     * WildFly's OIDC client leaves its security context in this request attribute. It is read
     * reflectively, for its public getIDTokenString() only, so that the web module needs no
     * dependency on WildFly's private elytron-http-oidc module.
     */
    static final String OIDC_CONTEXT_ATTRIBUTE = "org.wildfly.security.http.oidc.OidcSecurityContext";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Optional<String> idToken = idToken(request.getAttribute(OIDC_CONTEXT_ATTRIBUTE));
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        String signedOut = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath() + SIGNED_OUT_PAGE;
        Optional<String> issuer = idToken.flatMap(LogoutServlet::issuer);
        if (issuer.isEmpty()) {
            response.sendRedirect(signedOut);
            return;
        }
        response.sendRedirect(issuer.get() + "/protocol/openid-connect/logout"
                + "?id_token_hint=" + encode(idToken.get())
                + "&post_logout_redirect_uri=" + encode(signedOut));
    }

    static Optional<String> idToken(Object oidcContext) {
        if (oidcContext == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((String) oidcContext.getClass().getMethod("getIDTokenString").invoke(oidcContext));
        } catch (ReflectiveOperationException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The {@code iss} claim of a JWT: the realm's URL, whose end-session endpoint signs the user out. */
    static Optional<String> issuer(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            var claims = Json.createReader(new StringReader(payload)).readObject();
            return Optional.ofNullable(claims.getString("iss", null)).filter(iss -> iss.startsWith("http"));
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
