package org.mailward.mailbox.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailward.mailbox.sort.Messages.message;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailward.connector.spi.mailbox.ThreadNode;
import org.mailward.mailbox.store.MessageView;

/** THREAD's algorithms (RFC 5256 section 3). */
class MessageThreadsTest {

    private static ThreadNode node(long uid, ThreadNode... children) {
        return new ThreadNode(uid, List.of(children));
    }

    private static ThreadNode dummy(ThreadNode... children) {
        return node(0, children);
    }

    private static MessageView reply(long uid, String subject, int sentMinute, String messageId, String references) {
        return message(uid, subject, sentMinute, messageId, null, references);
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectUnderTheFirstSent() {
        List<MessageView> messages = List.of(
                message(1, "Hello", 30), message(2, "Re: hello", 10), message(3, "Other", 20),
                message(4, "Fwd: Other", 40), message(5, "Re: Hello", 50), message(6, "Single", 60));

        assertEquals(List.of(node(2, node(1), node(5)), node(3, node(4)), node(6)), MessageThreads.orderedSubject(messages));
    }

    @Test
    void referencesChainsMessagesByTheirReferences() {
        List<MessageView> messages = List.of(
                reply(1, "Plan", 1, "<a@x>", ""),
                reply(2, "Re: Plan", 2, "<b@x>", "<a@x>"),
                reply(3, "Re: Plan", 3, "<c@x>", "<a@x> <b@x>"),
                reply(4, "Re: Plan", 4, "<d@x>", "<a@x>"));

        assertEquals(List.of(node(1, node(2, node(3)), node(4))), MessageThreads.references(messages));
    }

    @Test
    void inReplyToServesWhenThereAreNoReferencesItsFirstMessageIdOnly() {
        List<MessageView> messages = List.of(
                reply(1, "One", 1, "<a@x>", ""),
                message(2, "Two", 2, "<b@x>", "<a@x> (from <c@x>)", ""),
                message(3, "Three", 3, "<c@x>", "<b@x>", "<garbage"));

        assertEquals(List.of(node(1, node(2, node(3)))), MessageThreads.references(messages));
    }

    @Test
    void aMissingParentOfSeveralIsADummyAtTheTopAndOfOneIsPruned() {
        List<MessageView> messages = List.of(
                reply(1, "First", 5, "<1@x>", "<gone@x>"),
                reply(2, "Second", 1, "<2@x>", "<gone@x>"),
                reply(3, "Third", 9, "<3@x>", "<lost@x>"));

        assertEquals(List.of(dummy(node(2), node(1)), node(3)), MessageThreads.references(messages),
                "the dummy sorts by its first child, sent first");
    }

    @Test
    void aDummyBelowTheTopGivesItsChildrenToItsParent() {
        List<MessageView> messages = List.of(
                reply(1, "Root", 1, "<a@x>", ""),
                reply(2, "Re: Root", 3, "<b@x>", "<a@x> <gone@x>"),
                reply(3, "Re: Root", 2, "<c@x>", "<a@x> <gone@x>"));

        assertEquals(List.of(node(1, node(3), node(2))), MessageThreads.references(messages));
    }

    @Test
    void aRepeatedMessageIdCountsForTheFirstMessageOnly() {
        List<MessageView> messages = List.of(
                reply(1, "One", 1, "<a@x>", ""),
                reply(2, "Two", 2, "<a@x>", ""),
                reply(3, "Three", 3, "<c@x>", "<a@x>"));

        assertEquals(List.of(node(1, node(3)), node(2)), MessageThreads.references(messages));
    }

    @Test
    void referencesMakingALoopAreNotLinked() {
        List<MessageView> messages = List.of(
                reply(1, "One", 1, "<a@x>", "<b@x>"),
                reply(2, "Two", 2, "<b@x>", "<a@x>"),
                reply(3, "Three", 3, "<c@x>", "<c@x>"));

        assertEquals(List.of(node(2, node(1)), node(3)), MessageThreads.references(messages));
    }

    @Test
    void theLastReferenceIsTheParentEvenAfterACutReferencesField() {
        List<MessageView> messages = List.of(
                reply(1, "One", 1, "<a@x>", ""),
                reply(2, "Two", 2, "<b@x>", ""),
                reply(3, "Three", 3, "<d@x>", "<a@x> <c@x>"),
                reply(4, "Four", 4, "<c@x>", "<b@x>"));

        assertEquals(List.of(node(1), node(2, node(4, node(3)))), MessageThreads.references(messages),
                "4 is c: 3's References made a its parent, 4's own References make b its parent");
    }

    @Test
    void threadsOfOneSubjectJoinAReplyUnderItsOriginal() {
        List<MessageView> messages = List.of(
                reply(1, "Re: Meeting", 1, "<a@x>", ""),
                reply(2, "Meeting", 2, "<b@x>", ""),
                reply(3, "Re: [team] meeting", 3, "<c@x>", ""));

        assertEquals(List.of(node(2, node(1), node(3))), MessageThreads.references(messages),
                "the original holds the subject, though sent after a reply");
    }

    @Test
    void threadsOfOneSubjectNeitherAReplyShareADummy() {
        List<MessageView> messages = List.of(
                reply(1, "Lunch", 1, "<a@x>", ""),
                reply(2, "Lunch", 2, "<b@x>", ""),
                reply(3, "Re: Lunch", 3, "<c@x>", "<b@x>"));

        assertEquals(List.of(dummy(node(1), node(2, node(3)))), MessageThreads.references(messages));
    }

    @Test
    void aThreadUnderADummyJoinsIt() {
        List<MessageView> messages = List.of(
                reply(1, "Plan", 4, "<a@x>", "<gone@x>"),
                reply(2, "Re: Plan", 2, "<b@x>", "<gone@x>"),
                reply(3, "Plan", 3, "<c@x>", ""),
                reply(4, "Re: Plan", 1, "<d@x>", "<lost@x>"),
                reply(5, "Re: Plan", 5, "<e@x>", "<lost@x>"));

        assertEquals(List.of(dummy(node(4), node(2), node(3), node(1), node(5))), MessageThreads.references(messages),
                "two dummies merge, a message joins a dummy; all siblings by sent date");
    }

    @Test
    void emptySubjectsAreNotGathered() {
        List<MessageView> messages = List.of(reply(1, "", 1, "<a@x>", ""), reply(2, null, 2, "<b@x>", ""), reply(3, "Re:", 3, "<c@x>", ""));

        assertEquals(List.of(node(1), node(2), node(3)), MessageThreads.references(messages));
    }

    @Test
    void nothingToThread() {
        assertEquals(List.of(), MessageThreads.references(List.of()));
        assertEquals(List.of(), MessageThreads.orderedSubject(List.of()));
    }
}
