/** Mail transport: SMTP policy for the listeners, the inbound pipeline and, later, outbound delivery. */
package org.mailward.transport;
