package org.mailward.transport.outbound;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class XtextTest {

    @Test
    void escapesAreDecoded() {
        assertEquals("rfc822;bob+tag@a.test", Xtext.decode("rfc822;bob+2Btag@a.test"));
        assertEquals("a=b c", Xtext.decode("a+3Db+20c"));
        assertEquals("plain", Xtext.decode("plain"));
        assertNull(Xtext.decode(null));
    }

    @Test
    void malformedEscapesStayAsTheyAre() {
        assertEquals("bob+zz@a.test", Xtext.decode("bob+zz@a.test"));
        assertEquals("end+2", Xtext.decode("end+2"));
        assertEquals("lower+2b", Xtext.decode("lower+2b"), "RFC 3461 hex digits are upper case");
    }
}
