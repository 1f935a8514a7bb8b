/**
 * Integration tests against the running server that {@code ./mailward test} provisions: the
 * deployed EAR on WildFly, a real Keycloak, a real database, real protocol clients and a real
 * headless Chromium. Tests tagged {@code smoke} also run against the embedded H2 default.
 * {@link org.mailward.it.RemoteMailServers} plays the internet that outbound delivery reaches:
 * a DNS server and an SMTP sink on 127.0.0.1 that know only the domains tests register.
 */
package org.mailward.it;
