/**
 * Delivery status notifications: the bounce or delay warning sent back to a message's envelope
 * sender when outbound delivery fails or keeps failing (RFC 3464 in a multipart/report, RFC 6522;
 * RFC 6533 when addresses or returned headers are UTF-8). Composing only: deciding when to send
 * one, and to whom, is the outbound delivery's job. See ADR 0036.
 */
package org.mailward.transport.outbound.report;
