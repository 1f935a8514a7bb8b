package org.mailward.mailbox.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailward.mailbox.structure.MessageStructureTest.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MessageStructureEnvelopeTest {

    /** The ENVELOPE of a message whose only field is To, as the address list it gives. */
    private static void assertTo(String expected, String to) throws IOException {
        assertEquals("(NIL NIL NIL NIL NIL " + expected + " NIL NIL NIL NIL)",
                parse("To: " + to + "\r\n\r\n").envelope(), to);
    }

    @Test
    void eightBitTextIsEncodedWordsUnlessUtf8IsEnabled() throws IOException {
        MessageStructure structure = parse("Subject: Viele Grüße aus Köln\r\n\r\n");
        assertEquals("(NIL \"Viele =?UTF-8?B?R3LDvMOfZQ==?= aus =?UTF-8?B?S8O2bG4=?=\" NIL NIL NIL NIL NIL NIL NIL NIL)",
                structure.envelope(), "RFC 6855 section 7: header information in ASCII, as RFC 5322 has it");
        assertEquals("(NIL \"Viele Grüße aus Köln\" NIL NIL NIL NIL NIL NIL NIL NIL)", structure.envelope(true));
        assertEquals("(NIL \"=?UTF-8?B?R3LDvMOfZSBLw7Zsbg==?=\" NIL NIL NIL NIL NIL NIL NIL NIL)",
                parse("Subject: Grüße Köln\r\n\r\n").envelope(), "adjacent 8-bit words are one run, their space kept");
    }

    @Test
    void aLongRunIsSeveralEncodedWordsOfWholeCharacters() throws IOException {
        String subject = "ü".repeat(40);
        String envelope = parse("Subject: " + subject + "\r\n\r\n").envelope();
        String words = envelope.substring("(NIL \"".length(), envelope.indexOf('"', 6));
        StringBuilder decoded = new StringBuilder();
        for (String word : words.split(" ")) {
            assertTrue(word.length() <= 75, word);
            decoded.append(new String(java.util.Base64.getDecoder().decode(word.substring(10, word.length() - 2)), StandardCharsets.UTF_8));
        }
        assertEquals(subject, decoded.toString());
    }

    @Test
    void internationalizedAddressesForAClientWithoutUtf8() throws IOException {
        MessageStructure structure = parse("From: Jörg <jorg@bücher.example>\r\nTo: 用户@example.com, ok@example.com\r\n"
                + "Cc: Team: 用户@example.com;\r\n\r\n");
        assertEquals("(NIL NIL ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"jorg\" \"xn--bcher-kva.example\"))"
                        + " ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"jorg\" \"xn--bcher-kva.example\"))"
                        + " ((\"=?UTF-8?B?SsO2cmc=?=\" NIL \"jorg\" \"xn--bcher-kva.example\"))"
                        + " ((NIL NIL \"=?UTF-8?B?55So5oi3QGV4YW1wbGUuY29t?=\" NIL)(NIL NIL NIL NIL)(NIL NIL \"ok\" \"example.com\"))"
                        + " ((NIL NIL \"Team\" NIL)(\"=?UTF-8?B?55So5oi3QGV4YW1wbGUuY29t?=\" NIL \"\" \"\")(NIL NIL NIL NIL))"
                        + " NIL NIL NIL)",
                structure.envelope(), "a domain in A-labels; an address with no ASCII form as a group named after it");
        assertTrue(structure.envelope(true).startsWith("(NIL NIL ((\"Jörg\" NIL \"jorg\" \"bücher.example\"))"), "as it is, for a client with UTF-8");
    }

    @Test
    void headerOctetsThatAreNotUtf8AreLatin1() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes("Subject: Gr".getBytes(StandardCharsets.US_ASCII));
        message.write(0xFC);
        message.write(0xDF);
        message.writeBytes("e\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("(NIL \"Grüße\" NIL NIL NIL NIL NIL NIL NIL NIL)", parse(message.toByteArray()).envelope(true));
    }

    @Test
    void valuesAreRawAndUnfolded() throws IOException {
        MessageStructure structure = parse("""
                Subject: =?UTF-8?Q?caf=C3=A9?= and\r
                  folded\r
                \tline\r
                Date:   Fri, 21 Nov 1997 09:55:06 -0600  \r
                In-Reply-To: <a@x>\r
                 <b@x>\r
                Message-ID: <c@x>\r
                Message-ID: <ignored@x>\r
                \r
                """);
        assertEquals("(\"Fri, 21 Nov 1997 09:55:06 -0600\" \"=?UTF-8?Q?caf=C3=A9?= and  folded\tline\""
                + " NIL NIL NIL NIL NIL NIL \"<a@x> <b@x>\" \"<c@x>\")", structure.envelope());
    }

    @Test
    void quotesEscapesAndLiterals() throws IOException {
        assertEquals("(NIL \"C:\\\\dir \\\"x\\\"\" NIL NIL NIL NIL NIL NIL NIL NIL)",
                parse("Subject: C:\\dir \"x\"\r\n\r\n").envelope());
        assertEquals("(NIL {3}\r\na\rb NIL NIL NIL NIL NIL NIL NIL NIL)", parse("Subject: a\rb\r\n\r\n").envelope());
        String longSubject = "x".repeat(1001);
        assertEquals("(NIL {1001}\r\n" + longSubject + " NIL NIL NIL NIL NIL NIL NIL NIL)",
                parse("Subject: " + longSubject + "\r\n\r\n").envelope());
        assertEquals("(NIL \"\" NIL NIL NIL NIL NIL NIL NIL NIL)", parse("Subject:\r\nCc: \r\n\r\n").envelope());
    }

    @Test
    void senderAndReplyToFallBackToFrom() throws IOException {
        String from = "((\"Al\" NIL \"al\" \"a.test\"))";
        assertEquals("(NIL NIL " + from + " " + from + " ((NIL NIL \"r\" \"a.test\")) NIL NIL NIL NIL NIL)",
                parse("From: Al <al@a.test>\r\nSender:\r\nReply-To: r@a.test\r\n\r\n").envelope());
    }

    @Test
    void groups() throws IOException {
        assertTo("((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))", "undisclosed-recipients:;");
        assertTo("((NIL NIL \"Undisclosed recipients\" NIL)(NIL NIL NIL NIL))", "Undisclosed recipients: ;");
        assertTo("((NIL NIL \"A Group\" NIL)(\"Ed Jones\" NIL \"c\" \"a.test\")(NIL NIL \"joe\" \"where.test\")"
                + "(NIL NIL NIL NIL)(\"John\" NIL \"jdoe\" \"one.test\"))",
                "A Group(Some people):Ed Jones <c@a.test>,joe@where.test;, John <jdoe@one.test> (my dear friend)");
        assertTo("((NIL NIL \"team\" NIL)(NIL NIL \"a\" \"x.test\")(NIL NIL NIL NIL))", "team: a@x.test");
    }

    @Test
    void displayNamesQuotedStringsAndComments() throws IOException {
        assertTo("((\"John \\\"Q\\\" Public\" NIL \"jqp\" \"example.com\"))",
                "\"John \\\"Q\\\" Public\" <jqp@example.com>");
        assertTo("((\"Giant; \\\"Big\\\" Box\" NIL \"sysservices\" \"example.net\"))",
                "\"Giant; \\\"Big\\\" Box\" <sysservices@example.net>");
        assertTo("((\"Mary Smith: Personal Account\" NIL \"smith\" \"home.example\"))",
                "\"Mary Smith: Personal Account\" <smith@home.example>");
        assertTo("((\"Pete\" NIL \"pete\" \"silly.test\"))",
                "Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>");
        assertTo("((\"Joe Q. Public\" NIL \"john.q.public\" \"example.com\"))",
                "Joe Q. Public <john.q.public@example.com>");
        assertTo("((NIL NIL \"boss\" \"nil.test\")(NIL NIL \"john doe\" \"example.org\"))",
                "<boss@nil.test>, \"john doe\"@example.org");
        assertTo("((\"=?UTF-8?Q?J=C3=B6rg?=\" NIL \"j\" \"x.test\"))", "=?UTF-8?Q?J=C3=B6rg?= <j@x.test>");
    }

    @Test
    void obsoleteForms() throws IOException {
        assertTo("((NIL \"@a.test,@b.test\" \"user\" \"host.test\"))", "<@a.test,@b.test:user@host.test>");
        assertTo("((\"Mary Smith\" \"@node.test\" \"mary\" \"example.net\"))",
                "Mary Smith <@node.test:mary@example.net>");
        assertTo("((\"John Doe\" NIL \"jdoe\" \"machine.example\"))", "John Doe <jdoe@machine(comment).  example>");
        assertTo("((NIL NIL \"a\" \"x.test\")(NIL NIL \"b\" \"[10.0.0.1]\"))", ",a@x.test,, b@[10.0.0.1],");
    }

    @Test
    void junkDegradesWithoutThrowing() throws IOException {
        assertTo("((NIL NIL \"this is junk\" \"\"))", "this is junk");
        assertTo("((NIL NIL \"user\" \"\"))", "user");
        assertTo("((\"a@b.test\" NIL \"a\" \"b.test\"))", "a@b.test <a@b.test>");
        assertTo("((NIL NIL \"<<broken\" \"\")(NIL NIL \"ok\" \"x.test\"))", "<<broken, ok@x.test");
        assertTo("((NIL NIL \"<>\" \"\"))", "<>");
        assertTo("((\"Al\" NIL \"al\" \"a.test\"))", "Al <al@a.test");
        assertTo("((NIL NIL \"x@y@z\" \"\"))", "x@y@z");
        assertTo("((NIL NIL \"unterminated\" \"\"))", "\"unterminated");
        assertTo("NIL", "(only a comment)");
    }
}
