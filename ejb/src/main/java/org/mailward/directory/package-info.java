/** Who exists: domains, accounts, aliases and roles, with Keycloak as the identity store. */
package org.mailward.directory;
