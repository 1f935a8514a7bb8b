/**
 * Keycloak's admin REST API as the directory uses it, through the confidential
 * {@code mailward-server} client's service account. Passwords live only in Keycloak.
 */
package org.mailward.directory.keycloak;
