package org.mailward.directory.domain;

/**
 * What a domain's users may use, as the system administrator enabled it. On input, a null
 * component leaves that feature as it is.
 */
public record Features(Boolean pop, Boolean imap, Boolean submission, Boolean webmail, Boolean calendar,
                       Boolean catchAll, Boolean plusAddressing, Boolean forwarding, Boolean mailingLists) {

    static final Features ALL = new Features(true, true, true, true, true, true, true, true, true);
}
