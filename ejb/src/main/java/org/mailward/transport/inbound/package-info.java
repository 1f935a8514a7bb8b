/** The SMTP listener's endpoint and, later, the inbound queue's processor. */
package org.mailward.transport.inbound;
