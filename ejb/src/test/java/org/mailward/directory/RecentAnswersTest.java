package org.mailward.directory;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentAnswersTest {

    @Test
    void remembersAnswersAndNoneUntilForgotten() {
        RecentAnswers<String, Long> answers = new RecentAnswers<>(Duration.ofMinutes(1));
        AtomicInteger lookups = new AtomicInteger();

        assertEquals(Optional.of(7L), answers.get("a", () -> { lookups.incrementAndGet(); return Optional.of(7L); }));
        assertEquals(Optional.of(7L), answers.get("a", () -> Optional.of(8L)));
        assertEquals(Optional.empty(), answers.get("b", () -> { lookups.incrementAndGet(); return Optional.empty(); }));
        assertEquals(Optional.empty(), answers.get("b", () -> Optional.of(9L)), "none is remembered too");
        assertEquals(2, lookups.get());

        answers.forget("b");
        assertEquals(Optional.of(9L), answers.get("b", () -> Optional.of(9L)));
        answers.forgetAll();
        assertEquals(Optional.of(8L), answers.get("a", () -> Optional.of(8L)));
    }

    @Test
    void anAnswerOlderThanTheMaximumAgeIsAskedAgain() throws InterruptedException {
        RecentAnswers<String, Long> answers = new RecentAnswers<>(Duration.ofMillis(20));
        answers.get("a", () -> Optional.of(1L));
        Thread.sleep(40);
        assertEquals(Optional.of(2L), answers.get("a", () -> Optional.of(2L)));
    }
}
