package org.mailward.admin.settings;

import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Infrastructure settings of this node: WildFly system properties ({@code mailward.*}), which
 * {@code ./mailward run} passes at start and an operator sets in their WildFly (see the README).
 */
@ApplicationScoped
public class ServerSettings {

    /** The name this server gives in greetings and Received headers. */
    public String hostname() {
        String configured = System.getProperty("mailward.hostname", "").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Database, blobs, index and journal live below this directory. */
    public Path dataDirectory() {
        return Path.of(System.getProperty("mailward.data.dir", System.getProperty("jboss.server.data.dir")));
    }

    /** Keycloak's base URL, without a trailing slash. */
    public String keycloakUrl() {
        return stripTrailingSlash(System.getProperty("mailward.keycloak.url", "http://127.0.0.1:8180"));
    }

    public String keycloakRealm() {
        return System.getProperty("mailward.keycloak.realm", "mailward");
    }

    /** The confidential client the server uses for Keycloak's admin API. */
    public String serverClientId() {
        return System.getProperty("mailward.keycloak.server-client", "mailward-server");
    }

    public String serverClientSecret() {
        return System.getProperty("mailward.keycloak.server-client.secret", "");
    }

    /** The confidential client with direct grants that checks protocol passwords. */
    public String protocolsClientId() {
        return System.getProperty("mailward.keycloak.protocols-client", "mailward-protocols");
    }

    public String protocolsClientSecret() {
        return System.getProperty("mailward.keycloak.protocols-client.secret", "");
    }

    /** The address people type into a browser, used in messages to the first administrator. */
    public String webUrl() {
        return stripTrailingSlash(System.getProperty("mailward.web.url", "http://127.0.0.1:8080"));
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
