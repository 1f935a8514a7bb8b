package org.mailward.mailbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FolderNamesTest {

    @Test
    void namesAreStoredInNfc() {
        assertEquals("Caf\u00e9/N\u00fcsse", FolderNames.check("Cafe\u0301/Nu\u0308sse"));
        assertEquals("INBOX", FolderNames.check("inbox"));
    }

    @Test
    void controlCharactersAndSeparatorsAreRefused() {
        for (String name : new String[] {"a\tb", "a\u007fb", "a\u0085b", "a\u2028b", "a\u2029b", "a//b", ""}) {
            MailboxException refused = assertThrows(MailboxException.class, () -> FolderNames.check(name), name);
            assertEquals(MailboxException.Kind.INVALID, refused.kind());
        }
    }

    @Test
    void theLengthLimitHoldsForTheNameAsStored() {
        String lengthenedByNfc = "\u0344".repeat(600); // each becomes two characters in NFC
        assertThrows(MailboxException.class, () -> FolderNames.check(lengthenedByNfc));
        assertEquals(1000, FolderNames.check("a".repeat(1000)).length());
    }
}
