package org.mailward.directory.account;

import org.mailward.directory.DirectoryException;

import java.util.Arrays;

/** The mail protocols an account may be allowed to log in with. */
public enum MailProtocol {
    IMAP("imap"),
    POP3("pop3"),
    SMTP("smtp");

    private final String protocolName;

    MailProtocol(String protocolName) {
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }

    public static MailProtocol of(String protocolName) {
        return Arrays.stream(values()).filter(protocol -> protocol.protocolName.equals(protocolName)).findFirst()
                .orElseThrow(() -> DirectoryException.invalid("'" + protocolName + "' is not a protocol: use imap, pop3 or smtp"));
    }
}
