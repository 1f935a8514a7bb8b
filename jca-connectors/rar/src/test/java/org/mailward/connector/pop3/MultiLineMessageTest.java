package org.mailward.connector.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MultiLineMessageTest {

    private static String written(String message, long bodyLines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultiLineMessage.write(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), bodyLines, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesThatBeginWithADotGetAnotherOne() throws IOException {
        assertEquals("..hidden: x\r\nA: b\r\n\r\n..\r\n...x\r\na.b\r\n.\r\n",
                written(".hidden: x\r\nA: b\r\n\r\n.\r\n..x\r\na.b\r\n", MultiLineMessage.WHOLE_BODY));
    }

    @Test
    void aMessageWithoutAFinalLineEndGetsOneBeforeTheEnd() throws IOException {
        assertEquals("A: b\r\n\r\nlast\r\n.\r\n", written("A: b\r\n\r\nlast", MultiLineMessage.WHOLE_BODY));
        assertEquals(".\r\n", written("", MultiLineMessage.WHOLE_BODY));
    }

    @Test
    void topSendsTheHeaderAndTheFirstLinesOfTheBody() throws IOException {
        String message = "A: b\r\nC: d\r\n\r\none\r\n.two\r\nthree\r\n";
        assertEquals("A: b\r\nC: d\r\n\r\n.\r\n", written(message, 0));
        assertEquals("A: b\r\nC: d\r\n\r\none\r\n..two\r\n.\r\n", written(message, 2));
        assertEquals("A: b\r\nC: d\r\n\r\none\r\n..two\r\nthree\r\n.\r\n", written(message, 99));
        assertEquals("A: b\r\nno body\r\n.\r\n", written("A: b\r\nno body\r\n", 0), "a message without an empty line is all header");
    }

    @Test
    void theEndOfAHeaderLongerThanOneReadIsFound() throws IOException {
        String header = "X-Long: " + "y".repeat(16 * 1024 - 11) + "\r\n"; // the empty line's CR and LF fall in two reads
        assertEquals(header + "\r\nfirst\r\n.\r\n", written(header + "\r\nfirst\r\nsecond\r\n", 1));
    }
}
