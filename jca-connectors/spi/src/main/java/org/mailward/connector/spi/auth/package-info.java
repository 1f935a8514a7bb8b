/** Protocol logins: what the listeners ask the backend, and what it answers. */
package org.mailward.connector.spi.auth;
