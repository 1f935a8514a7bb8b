package org.mailward.directory.account;

import java.time.Instant;
import java.util.List;

/** An account as administrators and its owner see it. */
public record AccountView(String address, String displayName, boolean enabled, String role, long quotaMb,
                          List<String> protocols, Instant createdAt) {
}
