package org.mailward.directory.alias;

import java.util.List;

/** An alias as administrators see it; a catch-all's address is {@code *@domain}. */
public record AliasView(String address, boolean catchAll, List<String> targets) {
}
