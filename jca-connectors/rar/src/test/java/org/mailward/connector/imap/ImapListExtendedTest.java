package org.mailward.connector.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.connector.imap.ImapTestSessions.answer;
import static org.mailward.connector.imap.ImapTestSessions.loggedIn;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.net.BackendUnavailableException;

/** LIST-EXTENDED (RFC 5258), LIST-STATUS (RFC 5819), SPECIAL-USE and CREATE-SPECIAL-USE (RFC 6154). */
class ImapListExtendedTest {

    /** RFC 5258 section 5's mailboxes, less the remote ones, and Lists/a/b without the levels above it. */
    private static FakeMailboxes mailboxes() {
        return new FakeMailboxes().folder("INBOX", null).folder("Fruit", null).unsubscribed("Fruit")
                .folder("Fruit/Apple", null).unsubscribed("Fruit/Apple").folder("Fruit/Banana", null)
                .folder("Sent", "\\Sent").unsubscribed("Sent").folder("Tofu", null).unsubscribed("Tofu")
                .folder("Vegetable", null).folder("Vegetable/Broccoli", null).folder("Vegetable/Corn", null).unsubscribed("Vegetable/Corn")
                .folder("Lists/a/b", null);
    }

    @Test
    void aTrailingPercentListsTheLevelsAboveAsNoselect() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("* LIST (\\Noselect \\HasChildren) \"/\" \"Lists\"", "a OK LIST completed"), answer(session, "a LIST \"\" L%"));
        assertEquals(List.of("* LIST (\\Noselect \\HasChildren) \"/\" \"Lists/a\"", "b OK LIST completed"), answer(session, "b LIST Lists/ %"));
        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Lists/a/b\"", "c OK LIST completed"), answer(session, "c LIST \"\" L*"),
                "with *, the levels above may be left out");
        assertEquals(List.of("* LIST (\\NonExistent \\HasChildren) \"/\" \"Lists\"", "d OK LIST completed"),
                answer(session, "d LIST () \"\" L%"), "LIST-EXTENDED's word for a name that is no mailbox");
        assertEquals(List.of("* LSUB (\\Noselect \\HasChildren) \"/\" \"Fruit\"", "e OK LSUB completed"), answer(session, "e LSUB \"\" Fr%"),
                "LSUB shows an unsubscribed level above a subscribed one");
    }

    @Test
    void selectionAndReturnOptions() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Fruit/Banana\"", "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Lists/a/b\"", "* LIST (\\HasChildren \\Subscribed) \"/\" \"Vegetable\"",
                "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Vegetable/Broccoli\"", "a OK LIST completed"),
                answer(session, "a LIST (SUBSCRIBED) \"\" *"));
        assertEquals(List.of("* LIST (\\HasChildren) \"/\" \"Fruit\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                "* LIST (\\NonExistent \\HasChildren) \"/\" \"Lists\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                "* LIST (\\HasChildren \\Subscribed) \"/\" \"Vegetable\" (\"CHILDINFO\" (\"SUBSCRIBED\"))", "b OK LIST completed"),
                answer(session, "b LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (Fruit Lists Vegetable Tofu)"));
        assertEquals(List.of("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"", "c OK LIST completed"), answer(session, "c LIST (SPECIAL-USE) \"\" *"));
        assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"", "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                "d OK LIST completed"), answer(session, "d LIST \"\" (INBOX S*) RETURN (SUBSCRIBED CHILDREN SPECIAL-USE)"));
        assertEquals(List.of("e BAD RECURSIVEMATCH needs SUBSCRIBED"), answer(session, "e LIST (RECURSIVEMATCH) \"\" *"));
        assertEquals(List.of("f BAD Unknown LIST selection option NOTHING"), answer(session, "f LIST (NOTHING) \"\" *"));
        assertEquals(List.of("g BAD Unknown LIST return option MYRIGHTS"), answer(session, "g LIST \"\" * RETURN (MYRIGHTS)"));
    }

    @Test
    void listStatusAnswersForEachListedMailbox() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        mailboxes.message("INBOX", "x", "\\Deleted");
        mailboxes.message("INBOX", "yy", "\\Seen");
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "* STATUS \"INBOX\" (MESSAGES 2 UNSEEN 1 DELETED 1 SIZE 3)",
                "* LIST (\\NonExistent \\HasChildren) \"/\" \"Lists\"", "a OK LIST completed"),
                answer(session, "a LIST \"\" (INBOX L%) RETURN (STATUS (MESSAGES UNSEEN DELETED SIZE))"), "no STATUS for a name that is no mailbox");
        assertEquals(List.of("b BAD Unknown STATUS item FOO"), answer(session, "b LIST \"\" * RETURN (STATUS (FOO))"));
        assertEquals(List.of("c BAD Unknown STATUS item FOO"), answer(session, "c STATUS INBOX (MESSAGES FOO)"));
    }

    @Test
    void theStatusReturnOptionMayStandAnywhereAndTwice() throws BackendUnavailableException {
        ImapSession session = loggedIn(mailboxes());

        assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"", "* STATUS \"INBOX\" (MESSAGES 0)", "a OK LIST completed"),
                answer(session, "a LIST \"\" INBOX RETURN (STATUS (MESSAGES) SUBSCRIBED)"), "the order of options is not significant");
        assertEquals(List.of("* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"", "* STATUS \"INBOX\" (MESSAGES 0 UIDNEXT 1)",
                "b OK LIST completed"), answer(session, "b LIST \"\" INBOX RETURN (SUBSCRIBED STATUS (MESSAGES) SUBSCRIBED STATUS (UIDNEXT MESSAGES))"),
                "an option given twice counts once");
        assertEquals(List.of("c BAD Invalid argument"), answer(session, "c LIST \"\" INBOX RETURN (STATUS)"), "STATUS needs its items");
    }

    @Test
    void aMailboxWhoseStatusCannotBeHadIsListedNoselectWithoutStatus() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        mailboxes.goneBeforeStatus.add("Tofu");
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"", "* STATUS \"Sent\" (MESSAGES 0)",
                "* LIST (\\Noselect \\HasNoChildren) \"/\" \"Tofu\"", "a OK LIST completed"),
                answer(session, "a LIST \"\" (Sent Tofu) RETURN (STATUS (MESSAGES))"));
    }

    @Test
    void aStatusTheBackendCannotGiveIsLeftOutOfAnAnsweredList() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        mailboxes.failingStatus.add("Tofu");
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"", "* STATUS \"Sent\" (MESSAGES 0)",
                "* LIST (\\HasNoChildren) \"/\" \"Tofu\"", "a OK LIST completed"),
                answer(session, "a LIST \"\" (Sent Tofu) RETURN (STATUS (MESSAGES))"));
    }

    @Test
    void createWithASpecialUse() throws BackendUnavailableException {
        FakeMailboxes mailboxes = mailboxes();
        ImapSession session = loggedIn(mailboxes);

        assertEquals(List.of("a OK CREATE completed"), answer(session, "a CREATE Spam (USE (\\Junk))"));
        assertEquals("\\Junk", mailboxes.folders.get("Spam").specialUse);
        assertEquals(List.of("b NO [USE-ATTR] \\Flagged is not a special use here"), answer(session, "b CREATE Stars (USE (\\Flagged))"));
        assertEquals(List.of("c BAD Expected )"), answer(session, "c CREATE Two (USE (\\Sent \\Drafts))"));
    }
}
