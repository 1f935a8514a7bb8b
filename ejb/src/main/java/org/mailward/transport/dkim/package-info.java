/**
 * DKIM signing of outbound mail (RFC 6376, and RFC 8463's ed25519-sha256; ADR 0037): each domain's
 * keys, generated and listed through the admin API with the DNS record to publish
 * ({@link org.mailward.transport.dkim.DkimKeys}), and the signer outbound delivery asks for the
 * DKIM-Signature fields of a message ({@link org.mailward.transport.dkim.DkimSigning}). Apache
 * jDKIM canonicalises and hashes; the JDK signs.
 */
package org.mailward.transport.dkim;
