/**
 * Integration tests against the running server that {@code ./mailward test} provisions: the
 * deployed EAR on WildFly, a real Keycloak, a real database, real protocol clients and a real
 * headless Chromium. Tests tagged {@code smoke} also run against the embedded H2 default.
 */
package org.mailward.it;
