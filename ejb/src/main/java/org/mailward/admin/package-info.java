/**
 * System administration: server settings, schema migration, health and the pipeline probe.
 * Later: spool, connections, reports and events.
 */
package org.mailward.admin;
