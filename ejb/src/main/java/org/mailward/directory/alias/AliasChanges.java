package org.mailward.directory.alias;

import java.util.List;

/** A new alias ({@code localPart}, or {@code catchAll} true), or its new targets. */
public record AliasChanges(String localPart, Boolean catchAll, List<String> targets) {
}
