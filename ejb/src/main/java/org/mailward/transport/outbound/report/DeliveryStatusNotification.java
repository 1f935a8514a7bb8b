package org.mailward.transport.outbound.report;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes a delivery status notification: a bounce, a delay warning, or both in one, as a
 * multipart/report (RFC 6522) with three parts: an explanation for the sender, the
 * message/delivery-status fields (RFC 3464), and the original's header block or, on RET=FULL
 * (RFC 3461) when it is small enough, the whole original.
 * <p>
 * The MIME structure is written by hand rather than built with Jakarta Mail's objects so that a
 * returned message streams through once, without a {@code MimeMessage} in memory, and so that each
 * part's media type and transfer encoding are exactly what the RFCs ask (see ADR 0036). UTF-8
 * addresses or returned header fields make it the RFC 6533 form: message/global-delivery-status
 * with message/global or message/global-headers, sent as 8bit.
 */
public final class DeliveryStatusNotification {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";

    private DeliveryStatusNotification() {
    }

    /** Writes the whole notification (RFC 5322 message, CRLF line ends) to out; the original message is read from original. */
    public static void write(Report report, InputStream original, long maxReturnedBytes, OutputStream out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(out, "out");
        try (OriginalMessage message = OriginalMessage.read(original, report.wantsWholeMessage(), maxReturnedBytes)) {
            ZonedDateTime now = ZonedDateTime.now();
            ZoneId zone = now.getZone();
            boolean utf8 = message.headersUtf8() || report.recipients().stream().anyMatch(DeliveryStatusNotification::hasUtf8Address);

            byte[] explanation = Explanation.of(report, message.returnedWhole(), zone).getBytes(UTF_8);
            boolean explanationPlain = isSevenBit(explanation);
            byte[] status = StatusFields.of(report, utf8, zone).getBytes(UTF_8);
            Returned returned = Returned.of(message);
            boolean eightBit = !isAscii(status) || returned.encoding().equals("8bit");

            String boundary = "=_report_" + random(16);
            OutputStream mail = new BufferedOutputStream(out, 8192);
            mail.write(head(report, now, message.messageId(), utf8, eightBit, boundary).getBytes(UTF_8));

            part(mail, boundary, "Notification", "text/plain; charset=utf-8", explanationPlain ? "7bit" : "quoted-printable");
            mail.write(explanationPlain ? explanation : quotedPrintable(explanation));

            part(mail, boundary, "Delivery report", utf8 ? "message/global-delivery-status" : "message/delivery-status",
                    isAscii(status) ? "7bit" : "8bit");
            mail.write(status);

            part(mail, boundary, message.returnedWhole() ? "Undelivered message" : "Undelivered message header fields",
                    returned.mediaType(), returned.encoding());
            returned.writeTo(message, mail);

            mail.write((CRLF + "--" + boundary + "--" + CRLF).getBytes(US_ASCII));
            mail.flush();
        }
    }

    private static String head(Report report, ZonedDateTime now, String originalId, boolean utf8, boolean eightBit,
                               String boundary) {
        StringBuilder head = new StringBuilder(1024)
                .append("From: Mail Delivery System <").append(FieldText.token(report.postmaster(), true)).append('>').append(CRLF)
                .append("To: <").append(FieldText.token(report.recipient(), true)).append('>').append(CRLF)
                .append("Subject: ").append(subject(report)).append(CRLF)
                .append("Date: ").append(FieldText.date(now.toInstant(), now.getZone())).append(CRLF)
                .append("Message-ID: <").append(random(16)).append('@').append(FieldText.token(report.reportingMta(), false))
                .append('>').append(CRLF);
        if (originalId != null) {
            // RFC 5322 section 3.6.4: mail clients show the report in the thread of the message it is about
            head.append("In-Reply-To: ").append(originalId).append(CRLF)
                    .append("References: ").append(originalId).append(CRLF);
        }
        return head.append("Auto-Submitted: auto-replied").append(CRLF) // RFC 3834 section 5: no auto-responder answers it
                .append("MIME-Version: 1.0").append(CRLF)
                .append("Content-Type: multipart/report; report-type=").append(utf8 ? "global-delivery-status" : "delivery-status")
                .append(';').append(CRLF).append("\tboundary=\"").append(boundary).append('"').append(CRLF)
                .append("Content-Transfer-Encoding: ").append(eightBit ? "8bit" : "7bit").append(CRLF)
                .append(CRLF)
                .append("This is a delivery status notification in MIME format (RFC 3464).").append(CRLF)
                .toString();
    }

    private static String subject(Report report) {
        boolean failed = report.recipients().stream().anyMatch(recipient -> recipient.action() == Action.FAILED);
        boolean delayed = report.recipients().stream().anyMatch(recipient -> recipient.action() == Action.DELAYED);
        if (failed && delayed) {
            return "Undelivered Mail Returned to Sender (other recipients still being retried)";
        }
        return failed ? "Undelivered Mail Returned to Sender" : delayed ? "Delayed Mail (still being retried)"
                : "Successful Mail Delivery Report";
    }

    /** Ends what came before (its last CRLF belongs to the delimiter, RFC 2046 section 5.1.1) and opens a part. */
    private static void part(OutputStream mail, String boundary, String description, String type, String encoding) throws IOException {
        String head = CRLF + "--" + boundary + CRLF
                + "Content-Description: " + description + CRLF
                + "Content-Type: " + type + CRLF
                + "Content-Transfer-Encoding: " + encoding + CRLF
                + CRLF;
        mail.write(head.getBytes(US_ASCII));
    }

    private static boolean hasUtf8Address(RecipientReport recipient) {
        return !FieldText.isAscii(recipient.address())
                || (recipient.originalRecipient() != null && !FieldText.isAscii(recipient.originalRecipient()));
    }

    /** ASCII in lines of at most 998 bytes (RFC 5322 section 2.1.1), so it needs no transfer encoding. */
    private static boolean isSevenBit(byte[] text) {
        int line = 0;
        for (byte b : text) {
            line = b == '\n' ? 0 : line + 1;
            if (b < 0 || line > 998) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] quotedPrintable(byte[] bytes) throws IOException {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(bytes.length + bytes.length / 4);
        try (OutputStream encoder = MimeUtility.encode(encoded, "quoted-printable")) {
            encoder.write(bytes);
        } catch (MessagingException e) {
            throw new IOException("no quoted-printable encoder", e);
        }
        return encoded.toByteArray();
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * What the third part returns and how (RFC 6522 section 3, RFC 6533 section 6): the whole
     * message as message/rfc822, or message/global when its header fields are UTF-8 (never encoded,
     * RFC 2046 section 5.2.1); else the header block as text/rfc822-headers, message/global-headers
     * when UTF-8, and quoted-printable when 8-bit in some other charset, so its bytes survive a
     * 7-bit path without being called UTF-8.
     */
    private record Returned(String mediaType, String encoding) {

        static Returned of(OriginalMessage message) {
            if (message.returnedWhole()) {
                return new Returned(message.headersUtf8() ? "message/global" : "message/rfc822", message.eightBit() ? "8bit" : "7bit");
            }
            if (!message.headersEightBit()) {
                return new Returned("text/rfc822-headers", "7bit");
            }
            return message.headersUtf8() ? new Returned("message/global-headers", "8bit")
                    : new Returned("text/rfc822-headers", "quoted-printable");
        }

        void writeTo(OriginalMessage message, OutputStream mail) throws IOException {
            if (message.returnedWhole()) {
                message.writeWhole(mail);
            } else if (encoding.equals("quoted-printable")) {
                mail.write(quotedPrintable(message.headers()));
            } else {
                mail.write(message.headers());
            }
        }
    }
}
