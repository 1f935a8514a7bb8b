/** The unauthenticated health endpoint for operators and load balancers. */
package org.mailward.web.health;
