package org.mailward.mailbox.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mailward.mailbox.structure.MessageStructure.Range;
import org.mailward.mailbox.structure.MessageStructure.Section;

class MessageStructureTest {

    /** Offsets below were counted by hand (and checked with a script) on these octets. */
    static final String MIXED = """
            From: "Doe, John" <john@example.org>\r
            To: Mary Smith <mary@example.net>\r
            Subject: report\r
            Date: Tue, 1 Apr 2025 10:00:00 +0000\r
            Message-ID: <outer@example.org>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed;\r
             boundary="outer"\r
            \r
            This is a multi-part message in MIME format.\r
            --outer\r
            Content-Type: text/plain; charset=us-ascii\r
            \r
            See attached.\r
            --outer\r
            Content-Type: application/pdf; name="report.pdf"\r
            Content-Transfer-Encoding: base64\r
            Content-Disposition: attachment; filename="report.pdf"\r
            \r
            JVBERi0xLjQK\r
            JSVFT0YK\r
            --outer\r
            Content-Type: message/rfc822\r
            Content-Description: forwarded\r
            \r
            From: Bob <bob@example.com>\r
            Subject: inner\r
            Content-Type: multipart/alternative; boundary=inner\r
            \r
            --inner\r
            Content-Type: text/plain\r
            \r
            hi\r
            --inner\r
            Content-Type: text/html\r
            \r
            <b>hi</b>\r
            --inner--\r
            --outer--\r
            """;

    static MessageStructure parse(String message) throws IOException {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    static MessageStructure parse(byte[] message) throws IOException {
        return MessageStructure.parse(new ByteArrayInputStream(message));
    }

    @Test
    void plainTextAsInRfc9051() throws IOException {
        MessageStructure structure = parse("""
                Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r
                From: Terry Gray <gray@cac.washington.edu>\r
                Subject: IMAP4rev2 WG mtg summary and minutes\r
                To: imap@cac.washington.edu\r
                Cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r
                Message-Id: <B27397-0100000@cac.washington.edu>\r
                MIME-Version: 1.0\r
                Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r
                \r
                Hello,\r
                second line\r
                """);
        assertEquals("(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev2 WG mtg summary and minutes\""
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"imap\" \"cac.washington.edu\"))"
                + " ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John Klensin\" NIL \"KLENSIN\" \"MIT.EDU\"))"
                + " NIL NIL \"<B27397-0100000@cac.washington.edu>\")", structure.envelope());
        // "Hello,\r\n" is 8 octets, "second line\r\n" 13.
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 21 2 NIL NIL NIL NIL)",
                structure.bodyStructure(true));
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 21 2)",
                structure.bodyStructure(false));
        long headerSize = structure.message().bodyStart();
        assertEquals(headerSize + 21, structure.size());
        Section one = structure.section("1").orElseThrow();
        assertEquals(new Range(headerSize, headerSize + 21), one.content());
        assertEquals(new Range(0, headerSize), one.mime());
        assertNull(one.header());
        assertTrue(structure.section("2").isEmpty());
        assertTrue(structure.section("1.1").isEmpty());
    }

    @Test
    void multipartAlternativeSkipsPreambleAndEpilogue() throws IOException {
        MessageStructure structure = parse("""
                From: a@b.test\r
                Subject: alt\r
                MIME-Version: 1.0\r
                Content-Type: multipart/alternative; boundary="XX"\r
                \r
                preamble\r
                --XX\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                plain\r
                --XX  \r
                Content-Type: text/html; charset=utf-8\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                <p>html</p>\r
                \r
                --XX--\r
                epilogue\r
                """);
        // "plain" (5, no line end of its own: that CRLF is the boundary's); "<p>html</p>\r\n" (13, one line).
        assertEquals("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 5 0 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 13 1 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"XX\") NIL NIL NIL)", structure.bodyStructure(true));
        assertEquals("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 5 0)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 13 1) \"alternative\")",
                structure.bodyStructure(false));
    }

    @Test
    void mixedWithAttachmentAndAnEmbeddedMultipartMessage() throws IOException {
        MessageStructure structure = parse(MIXED);
        assertEquals(808, structure.size());
        assertEquals("(\"Tue, 1 Apr 2025 10:00:00 +0000\" \"report\""
                + " ((\"Doe, John\" NIL \"john\" \"example.org\")) ((\"Doe, John\" NIL \"john\" \"example.org\"))"
                + " ((\"Doe, John\" NIL \"john\" \"example.org\")) ((\"Mary Smith\" NIL \"mary\" \"example.net\"))"
                + " NIL NIL NIL \"<outer@example.org>\")", structure.envelope());
        String bob = "((\"Bob\" NIL \"bob\" \"example.com\"))";
        assertEquals("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 13 0 NIL NIL NIL NIL)"
                + "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 22 NIL"
                + " (\"attachment\" (\"filename\" \"report.pdf\")) NIL NIL)"
                + "(\"message\" \"rfc822\" NIL NIL \"forwarded\" \"7BIT\" 197"
                + " (NIL \"inner\" " + bob + " " + bob + " " + bob + " NIL NIL NIL NIL NIL)"
                + " ((\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2 0 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 9 0 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL) 12 NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)", structure.bodyStructure(true));
        assertEquals("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 13 0)"
                + "(\"application\" \"pdf\" (\"name\" \"report.pdf\") NIL NIL \"base64\" 22)"
                + "(\"message\" \"rfc822\" NIL NIL \"forwarded\" \"7BIT\" 197"
                + " (NIL \"inner\" " + bob + " " + bob + " " + bob + " NIL NIL NIL NIL NIL)"
                + " ((\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2 0)"
                + "(\"text\" \"html\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 9 0) \"alternative\") 12)"
                + " \"mixed\")", structure.bodyStructure(false));
    }

    @Test
    void sectionsAreTheRangesToServe() throws IOException {
        MessageStructure structure = parse(MIXED);
        Section whole = structure.section("").orElseThrow();
        assertEquals(new Range(0, 808), whole.content());
        assertNull(whole.mime());
        assertEquals(new Range(0, 233), whole.header());
        assertEquals(new Range(233, 808), whole.text());

        assertEquals(new Section(new Range(334, 347), new Range(288, 334), null, null),
                structure.section("1").orElseThrow());
        assertEquals(new Section(new Range(501, 523), new Range(358, 501), null, null),
                structure.section("2").orElseThrow());
        assertEquals(new Section(new Range(598, 795), new Range(534, 598), new Range(598, 698), new Range(698, 795)),
                structure.section("3").orElseThrow());
        assertEquals(new Section(new Range(735, 737), new Range(707, 735), null, null),
                structure.section("3.1").orElseThrow());
        assertEquals(new Range(775, 784), structure.section("3.2").orElseThrow().content());

        assertEquals("See attached.", cut(MIXED, structure.section("1").orElseThrow().content()));
        assertEquals("JVBERi0xLjQK\r\nJSVFT0YK", cut(MIXED, structure.section("2").orElseThrow().content()));
        assertEquals("Content-Type: text/html\r\n\r\n", cut(MIXED, structure.section("3.2").orElseThrow().mime()));
        assertEquals("From: Bob <bob@example.com>\r\nSubject: inner\r\n"
                + "Content-Type: multipart/alternative; boundary=inner\r\n\r\n",
                cut(MIXED, structure.section("3").orElseThrow().header()));
        assertTrue(cut(MIXED, structure.section("3").orElseThrow().text()).endsWith("<b>hi</b>\r\n--inner--"));

        for (String missing : new String[] {"4", "0", "1.1", "3.3", "3.1.1", "a", "1.", ".1", "01", "99999999999"}) {
            assertTrue(structure.section(missing).isEmpty(), missing);
        }
    }

    @Test
    void partsAreFoundByNumberWithTheirTransferEncoding() throws IOException {
        MessageStructure structure = parse(MIXED);
        assertEquals("base64", structure.part("2").orElseThrow().encoding(), "as the message wrote it");
        assertEquals("7BIT", structure.part("1").orElseThrow().encoding(), "the default where it wrote none");
        assertEquals("html", structure.part("3.2").orElseThrow().subtype());
        assertTrue(structure.part("").isEmpty() && structure.part("4").isEmpty(), "the message itself is no numbered part");
    }

    @Test
    void partOneOfAnEmbeddedSinglePartMessageIsItsBody() throws IOException {
        String message = """
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                Content-Type: message/rfc822\r
                \r
                Subject: inner\r
                \r
                text\r
                --b--\r
                """;
        MessageStructure structure = parse(message);
        Section inner = structure.section("1.1").orElseThrow();
        assertEquals("text", cut(message, inner.content()));
        assertEquals("Subject: inner\r\n\r\n", cut(message, inner.mime()));
        assertEquals("Subject: inner\r\n\r\n", cut(message, structure.section("1").orElseThrow().header()));
        assertEquals("text", cut(message, structure.section("1").orElseThrow().text()));
    }

    @Test
    void digestPartsDefaultToMessages() throws IOException {
        MessageStructure structure = parse("""
                Content-Type: multipart/digest; boundary="d"\r
                \r
                --d\r
                \r
                From: x@y.test\r
                Subject: one\r
                \r
                first\r
                --d\r
                Content-Type: text/plain\r
                \r
                not a message\r
                --d--\r
                """);
        String x = "((NIL NIL \"x\" \"y.test\"))";
        // The message: "From: x@y.test\r\n" 16 + "Subject: one\r\n" 14 + "\r\n" 2 + "first" 5 = 37 octets, 3 line ends.
        assertEquals("((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 37"
                + " (NIL \"one\" " + x + " " + x + " " + x + " NIL NIL NIL NIL NIL)"
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 5 0) 3)"
                + "(\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 13 0) \"digest\")",
                structure.bodyStructure(false));
    }

    @Test
    void missingContentTypeIsPlainText() throws IOException {
        MessageStructure structure = parse("Subject: none\r\n\r\nline one\r\nline two\r\n");
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 20 2 NIL NIL NIL NIL)",
                structure.bodyStructure(true));
        assertEquals("(NIL \"none\" NIL NIL NIL NIL NIL NIL NIL NIL)", structure.envelope());
    }

    @Test
    void invalidContentTypeIsPlainTextAndMultipartWithoutBoundaryGetsAnEmptyPart() throws IOException {
        assertEquals("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2 1)",
                parse("Content-Type: text\r\n\r\nx\n").bodyStructure(false));
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0) \"mixed\")",
                parse("Content-Type: multipart/mixed\r\n\r\n--x\r\nbody\r\n").bodyStructure(false));
    }

    @Test
    void missingFinalBoundaryEndsThePartsAtTheEnd() throws IOException {
        MessageStructure structure = parse("""
                Content-Type: multipart/mixed; boundary=b\r
                \r
                --b\r
                \r
                one\r
                --b\r
                Content-Type: text/plain; charset=utf-8\r
                \r
                two\r
                and more\r
                """);
        // The last part runs to the end of input, its final CRLF included: "two\r\nand more\r\n" is 15 octets.
        assertEquals("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3 0)"
                + "(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7BIT\" 15 2) \"mixed\")",
                structure.bodyStructure(false));
        assertEquals(structure.size(), structure.section("2").orElseThrow().content().end());
    }

    @Test
    void bareLineFeedsAreLineEnds() throws IOException {
        String message = "Subject: lf\nContent-Type: multipart/mixed; boundary=\"=_b\"\n\n"
                + "--=_b\nContent-Type: text/plain\n\nab\ncd\n--=_b\n\nx\n--=_b--\n";
        MessageStructure structure = parse(message);
        assertEquals("((\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 5 1)"
                + "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"mixed\")",
                structure.bodyStructure(false));
        assertEquals("ab\ncd", cut(message, structure.section("1").orElseThrow().content()));
        assertEquals("Content-Type: text/plain\n\n", cut(message, structure.section("1").orElseThrow().mime()));
        assertEquals(message.length(), structure.size());
    }

    @Test
    void boundaryLinesEndNestedPartsAndHeaders() throws IOException {
        // The inner multipart never closes: the outer boundary ends it. The third part's header is cut short.
        String message = """
                Content-Type: multipart/mixed; boundary=outer\r
                \r
                --outer\r
                Content-Type: multipart/alternative; boundary=inner\r
                \r
                --inner\r
                \r
                a\r
                --outer\r
                Content-Type: text/plain\r
                --outer\r
                Content-Type: message/rfc822\r
                --outer--\r
                """;
        MessageStructure structure = parse(message);
        assertEquals("(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 0) \"alternative\")"
                + "(\"text\" \"plain\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 0 (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0) 0) \"mixed\")",
                structure.bodyStructure(false));
        assertEquals("a", cut(message, structure.section("1.1").orElseThrow().content()));
        assertEquals("Content-Type: text/plain", cut(message, structure.section("2").orElseThrow().mime()));
    }

    @Test
    void readsTheMimeFieldsLeniently() throws IOException {
        MessageStructure structure = parse("""
                Content-Type: text/plain (comment); charset = "utf-8" ; format=flowed;;\r
                \tname=my file.txt; junk; =x\r
                Content-ID: <id@x>\r
                Content-Description: \r
                Content-Transfer-Encoding: Base64 (yes)\r
                Content-Disposition: inline; filename*0*=utf-8''a%20b; size=12\r
                Content-Language: en, (comment) de-CH\r
                Content-Location: http://example.org/a\r
                \r
                aGk=\r
                """);
        assertEquals("(\"text\" \"plain\" (\"charset\" \"utf-8\" \"format\" \"flowed\" \"name\" \"my file.txt\")"
                + " \"<id@x>\" NIL \"Base64\" 6 1 NIL (\"inline\" (\"filename*0*\" \"utf-8''a%20b\" \"size\" \"12\"))"
                + " (\"en\" \"de-CH\") \"http://example.org/a\")", structure.bodyStructure(true));
    }

    @Test
    void eightBitParameterValuesAreRfc2231UnlessUtf8IsEnabled() throws IOException {
        MessageStructure structure = parse("Content-Type: application/pdf; name=\"Grüße 1*.pdf\"\r\n\r\n");
        assertEquals("(\"application\" \"pdf\" (\"name*\" \"utf-8''Gr%C3%BC%C3%9Fe%201%2A.pdf\") NIL NIL \"7BIT\" 0)",
                structure.bodyStructure(false), "RFC 6855 section 7: as the header field would carry it");
        assertEquals("(\"application\" \"pdf\" (\"name\" \"Grüße 1*.pdf\") NIL NIL \"7BIT\" 0)",
                structure.bodyStructure(false, true));
    }

    @Test
    void nestingIsCutAtTheMaximumDepth() throws IOException {
        StringBuilder message = new StringBuilder();
        int levels = MessageStructure.MAX_DEPTH + 50;
        for (int i = 0; i < levels; i++) {
            message.append("Subject: level ").append(i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        message.append("innermost\r\n");
        MessageStructure structure = parse(message.toString());
        MimePart part = structure.message();
        int depth = 0;
        while (part.isMessage()) {
            part = part.message();
            depth++;
        }
        assertEquals(MessageStructure.MAX_DEPTH, depth);
        assertEquals("APPLICATION", part.type());
        assertEquals(structure.size(), part.end());
        assertEquals(structure, MessageStructure.fromJson(structure.toJson()));
    }

    @Test
    void roundTripsThroughJson() throws IOException {
        for (String message : new String[] {MIXED, "Subject: x\r\nTo: undisclosed-recipients:;\r\n\r\nbody",
                "Content-Type: text/plain; a=\"\\\"q\\\"\"\r\nContent-Language: en\r\n\r\n\u00e9\r\n"}) {
            MessageStructure structure = parse(message);
            String json = structure.toJson();
            MessageStructure stored = MessageStructure.fromJson(json);
            assertEquals(structure, stored);
            assertEquals(structure.envelope(), stored.envelope());
            assertEquals(structure.bodyStructure(true), stored.bodyStructure(true));
            assertEquals(json, stored.toJson());
        }
        assertTrue(parse(MIXED).toJson().startsWith("{\"version\":1,\"message\":{\"headerStart\":0,"));
        assertThrows(IllegalArgumentException.class, () -> MessageStructure.fromJson("{\"version\":2,\"message\":{}}"));
    }

    static String cut(String message, Range range) {
        byte[] octets = message.getBytes(StandardCharsets.UTF_8);
        return new String(octets, (int) range.start(), (int) range.length(), StandardCharsets.UTF_8);
    }
}
