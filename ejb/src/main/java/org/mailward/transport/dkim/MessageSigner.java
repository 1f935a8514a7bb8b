package org.mailward.transport.dkim;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordTemplate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Computes the DKIM-Signature fields of a raw message (RFC 6376 section 5), one per key, in one
 * pass over the message: relaxed/relaxed, the whole body (no {@code l=}), a timestamp, and the
 * header fields readers see, From once more than present so that no From can be added (section
 * 8.15). Apache jDKIM canonicalises, hashes the body and writes the tag list; the JDK signs.
 */
final class MessageSigner {

    private static final Logger LOG = Logger.getLogger(MessageSigner.class.getName());

    /** Lower case: the library lower-cases names with the default locale, which would turn a Turkish "I" into "ı". */
    static final List<String> SIGNED_FIELDS = List.of("from", "to", "cc", "subject", "date", "message-id", "reply-to",
            "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding");
    /** RFC 2369 and RFC 8058 fields ({@code List-Unsubscribe}, ...) are signed too when present. */
    private static final String LIST_FIELDS = "list-";
    private static final int FOLD_AT = 76;
    private static final int BUFFER = 64 * 1024;

    private MessageSigner() {
    }

    /**
     * The DKIM-Signature fields, each ending in CRLF, to put in front of {@code message} for
     * {@code domain}; empty when there is no key or the header is beyond reason ({@link HeaderBlock#MAX_BYTES}).
     */
    static byte[] sign(String domain, List<SigningKey> keys, InputStream message, Instant now) throws IOException {
        if (keys.isEmpty()) {
            return new byte[0];
        }
        InputStream in = new BufferedInputStream(message, BUFFER);
        HeaderBlock header = HeaderBlock.read(in).orElse(null);
        if (header == null) {
            LOG.warning("A message of " + domain + " goes without a DKIM signature: its header is over "
                    + HeaderBlock.MAX_BYTES + " bytes");
            return new byte[0];
        }
        String common = "v=1; c=relaxed/relaxed; d=" + domain + "; t=" + now.getEpochSecond() + "; h=" + signedFields(header);
        List<SignatureRecordTemplate> records = keys.stream()
                .map(key -> new SignatureRecordTemplate(common + "; a=" + key.algorithm().tag() + "; s=" + key.selector()))
                .toList();
        // Both algorithms hash the body with SHA-256 after the same canonicalisation: one hash serves all.
        byte[] bodyHash = bodyHash(records.getFirst(), in);
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (int i = 0; i < keys.size(); i++) {
            SigningKey key = keys.get(i);
            SignatureRecordTemplate record = records.get(i);
            record.setBodyHash(bodyHash);
            try {
                Signature signature = key.algorithm().signer(key.privateKey());
                HeaderHash.update(header, record, signature);
                record.setSignature(signature.sign());
            } catch (GeneralSecurityException | PermFailException e) {
                // Delivery goes on with the other signatures: a receiver treats a missing one as unsigned.
                LOG.log(Level.WARNING, "DKIM signing for " + domain + " with selector " + key.selector() + " failed", e);
                continue;
            }
            fields.writeBytes(folded("DKIM-Signature:" + record).getBytes(StandardCharsets.US_ASCII));
        }
        return fields.toByteArray();
    }

    /**
     * The {@code h=} value: each field as often as it is present, From once more. Folded after a
     * colon when long, so that a message with many To or List fields keeps its lines short; the
     * folding is part of what is signed, and verifiers read the names around it.
     */
    static String signedFields(HeaderBlock header) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_FIELDS) {
            int times = header.count(name) + (name.equals("from") ? 1 : 0);
            names.addAll(Collections.nCopies(times, name));
        }
        for (String name : header.names()) {
            if (name.startsWith(LIST_FIELDS)) {
                names.addAll(Collections.nCopies(header.count(name), name));
            }
        }
        StringBuilder value = new StringBuilder();
        int column = 0;
        for (String name : names) {
            if (!value.isEmpty()) {
                value.append(':');
                if (column + name.length() + 1 > FOLD_AT - 8) {
                    value.append("\r\n\t");
                    column = 0;
                }
            }
            value.append(name);
            column += name.length() + 1;
        }
        return value.toString();
    }

    /**
     * The relaxed body's SHA-256, from where {@code in} stands to its end. A body of nothing but
     * white space and line breaks is empty once relaxed (RFC 6376 section 3.4.4), but jDKIM 0.5
     * hashes it as one CRLF, the "simple" rule of section 3.4.3, which verifiers reject: that
     * case gets the hash of nothing.
     */
    private static byte[] bodyHash(SignatureRecord record, InputStream in) throws IOException {
        BodyHasherImpl hasher;
        try {
            hasher = new BodyHasherImpl(record);
        } catch (PermFailException e) {
            throw new IllegalStateException("jDKIM refused relaxed SHA-256 body hashing", e);
        }
        BlankWatch blank;
        try (OutputStream body = blank = new BlankWatch(hasher.getOutputStream())) {
            in.transferTo(body);
        }
        if (blank.blank) {
            try {
                return MessageDigest.getInstance("SHA-256").digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("The JDK lacks SHA-256", e);
            }
        }
        return hasher.getDigest();
    }

    /** Passes bytes on and notes whether all of them were spaces, tabs and line breaks. */
    private static final class BlankWatch extends FilterOutputStream {

        boolean blank = true;

        BlankWatch(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            blank &= b == ' ' || b == '\t' || b == '\r' || b == '\n';
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; blank && i < offset + length; i++) {
                byte b = bytes[i];
                blank = b == ' ' || b == '\t' || b == '\r' || b == '\n';
            }
            out.write(bytes, offset, length);
        }
    }

    /**
     * The field folded into lines of about {@value #FOLD_AT} characters where it had a space
     * between tags, and inside the {@code b=} value: a verifier unfolds the one and drops the
     * other (RFC 6376 section 3.5), so the signed form is unchanged. A tag folded already (h=)
     * starts a line of its own.
     */
    static String folded(String field) {
        int colon = field.indexOf(':');
        StringBuilder out = new StringBuilder(field.length() + 64).append(field, 0, colon + 1);
        int column = out.length();
        for (String tag : field.substring(colon + 1).split(";")) {
            String piece = tag.strip();
            if (piece.isEmpty()) {
                continue;
            }
            if (piece.startsWith("b=")) {
                out.append("\r\n\tb=");
                String value = piece.substring(2);
                int chunk = FOLD_AT - 8;
                for (int i = 0; i < value.length(); i += chunk) {
                    out.append(i == 0 ? "" : "\r\n\t").append(value, i, Math.min(value.length(), i + chunk));
                }
                out.append(';');
                column = FOLD_AT;
                continue;
            }
            int lastLine = piece.lastIndexOf('\n');
            if (lastLine >= 0 || column + 1 + piece.length() + 1 > FOLD_AT) {
                out.append("\r\n\t");
                column = 8;
            } else {
                out.append(' ');
                column++;
            }
            out.append(piece).append(';');
            column = lastLine >= 0 ? 8 + piece.length() - lastLine : column + piece.length() + 1;
        }
        return out.append("\r\n").toString();
    }

    /** jDKIM's header canonicalisation and hashing, which it offers its subclasses. */
    private static final class HeaderHash extends DKIMCommon {

        private HeaderHash() {
        }

        static void update(Headers header, SignatureRecord record, Signature signature)
                throws SignatureException, PermFailException {
            signatureCheck(header, record, record.getHeaders(), signature);
        }
    }
}
