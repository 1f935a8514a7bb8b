/**
 * Protocol-neutral logins for the listeners: the SASL exchanges the sessions drive line by line
 * (PLAIN per RFC 4616, LOGIN), and the gate that decides whether a connection may log in at all
 * and asks the backend. Passwords pass through here to the backend and are never logged.
 */
package org.mailward.connector.auth;
