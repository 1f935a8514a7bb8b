/** The REST API, version 1: JSON over HTTPS with bearer tokens from Keycloak. */
package org.mailward.web.api.v1;
