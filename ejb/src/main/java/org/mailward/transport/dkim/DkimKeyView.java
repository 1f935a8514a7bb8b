package org.mailward.transport.dkim;

import java.time.Instant;

/**
 * A DKIM key as administrators see it: {@code dnsRecord} is the TXT record to publish at
 * {@code dnsName}. Only active keys sign.
 */
public record DkimKeyView(String selector, String algorithm, boolean active, Instant createdAt, String dnsName,
                          String dnsRecord) {
}
