package org.mailward.mailbox.search;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;
import org.junit.jupiter.api.Test;
import org.mailward.mailbox.structure.MessageStructure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTextTest {

    private static final Parser TIKA = new AutoDetectParser();

    @Test
    void headersAreDecodedAndTheBodyIsApart() throws IOException {
        MessageText text = extract(message("""
                Subject: =?UTF-8?B?UsOpc3Vtw6kgZHUgcHJvamV0?=
                From: Ann <ann@example.com>
                Content-Type: text/plain; charset=utf-8

                Lunch at noon?
                """), TIKA);
        assertTrue(text.headers().contains("Résumé du projet"), text.headers());
        assertTrue(text.headers().contains("ann@example.com"));
        assertEquals("Lunch at noon?", text.body().strip());
    }

    @Test
    void base64AndQuotedPrintableBodiesAreDecodedFromTheirCharsets() throws IOException {
        String base64 = Base64.getMimeEncoder().encodeToString("Grüße aus Zürich".getBytes(StandardCharsets.ISO_8859_1));
        MessageText text = extract(message("""
                Subject: two parts
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: base64

                %s
                --b
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                caf=C3=A9 cr=C3=A8me, a soft=
                ly wrapped line
                --b--
                """.formatted(base64)), TIKA);
        assertTrue(text.body().contains("Grüße aus Zürich"), text.body());
        assertTrue(text.body().contains("café crème, a softly wrapped line"), text.body());
        assertFalse(text.body().contains("Content-Type"), "part headers are not body text");
    }

    @Test
    void htmlIsReadAsTextAndImagesAddNothing() throws IOException {
        MessageText text = extract(message("""
                Content-Type: multipart/related; boundary="r"

                --r
                Content-Type: text/html; charset=utf-8

                <html><head><style>p { color: red }</style></head><body><p>Quarterly <b>numbers</b> attached</p></body></html>
                --r
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
                --r--
                """), TIKA);
        assertTrue(text.body().contains("Quarterly numbers attached"), text.body());
        assertFalse(text.body().contains("<b>"));
        assertFalse(text.body().contains("color"), "style sheets are not text");
    }

    @Test
    void pdfAndWordAttachmentsAreSearchable() throws IOException {
        MessageText text = extract(message("""
                Content-Type: multipart/mixed; boundary="m"

                --m
                Content-Type: text/plain

                See the attachments.
                --m
                Content-Type: application/pdf; name="offer.pdf"
                Content-Disposition: attachment; filename="offer.pdf"
                Content-Transfer-Encoding: base64

                %s
                --m
                Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="minutes.docx"
                Content-Transfer-Encoding: base64

                %s
                --m--
                """.formatted(base64(pdf("Invoice total zanzibar 4711")), base64(docx("Minutes of the quokka meeting")))), TIKA);
        assertTrue(text.body().contains("See the attachments."), text.body());
        assertTrue(text.body().contains("Invoice total zanzibar 4711"), text.body());
        assertTrue(text.body().contains("Minutes of the quokka meeting"), text.body());
    }

    @Test
    void aForwardedMessageBringsItsHeadersAndTextAlong() throws IOException {
        MessageText text = extract(message("""
                Subject: Fwd: plans
                Content-Type: multipart/mixed; boundary="f"

                --f
                Content-Type: text/plain

                FYI
                --f
                Content-Type: message/rfc822

                From: Bob <bob@elsewhere.example>
                Subject: the original plans

                Meet at the lighthouse.
                --f--
                """), TIKA);
        assertTrue(text.body().contains("bob@elsewhere.example"), text.body());
        assertTrue(text.body().contains("Meet at the lighthouse."), text.body());
        assertFalse(text.headers().contains("lighthouse"));
    }

    @Test
    void aDamagedAttachmentLeavesTheRestOfTheText() throws IOException {
        MessageText text = extract(message("""
                Content-Type: multipart/mixed; boundary="d"

                --d
                Content-Type: application/pdf
                Content-Transfer-Encoding: base64

                JVBERi0xLjQKdGhpcyBpcyBub3QgYSBwZGY=
                --d
                Content-Type: text/plain

                still here
                --d--
                """), TIKA);
        assertTrue(text.body().contains("still here"), text.body());
    }

    @Test
    void textBeyondTheLimitIsLeftOut() throws IOException {
        String line = "word ".repeat(20) + "\n";
        MessageText text = extract(message("Subject: long\n\n" + line.repeat(MessageText.MAX_CHARS / line.length() + 100)), TIKA);
        assertEquals(MessageText.MAX_CHARS, text.body().length());
    }

    private static MessageText extract(byte[] raw, Parser documents) throws IOException {
        return MessageText.extract(new ByteArrayInputStream(raw), MessageStructure.parse(new ByteArrayInputStream(raw)), documents);
    }

    private static byte[] message(String text) {
        return text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] bytes) {
        return Base64.getMimeEncoder().encodeToString(bytes);
    }

    private static byte[] pdf(String words) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(words);
                content.endText();
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] docx(String words) throws IOException {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText(words);
            document.write(out);
            return out.toByteArray();
        }
    }
}
