/** The signed-in person: who they are, their roles, and signing out of Keycloak. */
package org.mailward.web.session;
