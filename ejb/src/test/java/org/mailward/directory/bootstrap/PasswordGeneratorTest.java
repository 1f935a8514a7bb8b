package org.mailward.directory.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordGeneratorTest {

    @Test
    void everyPasswordHasTheRequestedLengthAndAllThreeClasses() {
        for (int i = 0; i < 1000; i++) {
            String password = PasswordGenerator.generate(20);
            assertEquals(20, password.length());
            assertTrue(password.chars().anyMatch(Character::isUpperCase), password);
            assertTrue(password.chars().anyMatch(Character::isLowerCase), password);
            assertTrue(password.chars().anyMatch(Character::isDigit), password);
        }
    }

    @Test
    void passwordsDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(PasswordGenerator.generate(20)));
        }
    }

    @Test
    void refusesLengthsThatCannotHoldEveryClass() {
        assertThrows(IllegalArgumentException.class, () -> PasswordGenerator.generate(2));
    }
}
