package org.mailward.mailbox.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 section 2.1, step by step. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "hello                        | hello         | false",
            "'  hello \t  world  '        | hello world   | false",
            "Re: hello                    | hello         | true",
            "RE:Re: re : hello            | hello         | true",
            "Fwd: hello                   | hello         | true",
            "FW: hello                    | hello         | true",
            "hello (fwd)                  | hello         | true",
            "hello (FWD) (fwd)            | hello         | true",
            "Re [list]: hello             | hello         | true",
            "[list] Re: hello             | hello         | true",
            "[a] [b] Re: [c] hello        | hello         | true",
            "[list] hello                 | hello         | false",
            "[list]                       | [list]        | false",
            "[a] [b]                      | [b]           | false",
            "[Fwd: hello]                 | hello         | true",
            "Re: [fwd: Re: hello (fwd)]   | hello         | true",
            "Rehearsal: at five           | Rehearsal: at five | false",
            "Re hello                     | Re hello      | false",
            "[unclosed hello              | [unclosed hello | false",
            "''                           | ''            | false",
    })
    void extractsTheBaseSubject(String subject, String base, boolean replyOrForward) {
        assertEquals(new BaseSubject(base, replyOrForward), BaseSubject.of(subject));
    }

    @org.junit.jupiter.api.Test
    void aMissingSubjectIsEmpty() {
        assertEquals(new BaseSubject("", false), BaseSubject.of(null));
    }
}
