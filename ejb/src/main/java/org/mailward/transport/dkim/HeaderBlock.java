package org.mailward.transport.dkim;

import org.apache.james.jdkim.api.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The header fields of a raw message, as the DKIM library reads them: each field whole, its
 * folding kept, without its final CRLF. Read from the message's start up to and including the
 * empty line, so that the stream is left at the body's first byte.
 * <p>
 * The library turns a field back into bytes with the platform charset, so it is decoded with that
 * charset here: ASCII and valid UTF-8 (RFC 6532) come back byte for byte under the JDK's default
 * UTF-8. A field of raw 8-bit bytes in another charset would not, and its signature would fail.
 */
final class HeaderBlock implements Headers {

    /** Far above any real header (Postfix keeps 100 KB); beyond it the message is not signed. */
    static final int MAX_BYTES = 1 << 20;

    private final List<String> fields;

    private HeaderBlock(List<String> fields) {
        this.fields = List.copyOf(fields);
    }

    /** The header of {@code message}, or empty when it is longer than {@link #MAX_BYTES}. */
    static Optional<HeaderBlock> read(InputStream message) throws IOException {
        List<String> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            line.reset();
            int b;
            while ((b = message.read()) != -1 && b != '\n') {
                line.write(b);
            }
            total += line.size() + 1;
            if (total > MAX_BYTES) {
                return Optional.empty();
            }
            byte[] bytes = line.toByteArray();
            int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            if (length == 0) {
                // The empty line that ends the header, or the end of a message that is all header.
                return Optional.of(new HeaderBlock(add(fields, field)));
            }
            if ((bytes[0] == ' ' || bytes[0] == '\t') && field.size() > 0) {
                field.write('\r');
                field.write('\n');
            } else {
                add(fields, field);
            }
            field.write(bytes, 0, length);
            if (b == -1) {
                return Optional.of(new HeaderBlock(add(fields, field)));
            }
        }
    }

    private static List<String> add(List<String> fields, ByteArrayOutputStream field) {
        if (field.size() > 0) {
            fields.add(field.toString(Charset.defaultCharset()));
            field.reset();
        }
        return fields;
    }

    @Override
    public List<String> getFields() {
        return fields;
    }

    /** The fields named {@code name} in any case, top to bottom (the library signs from the bottom). */
    @Override
    public List<String> getFields(String name) {
        return fields.stream().filter(field -> name.equalsIgnoreCase(nameOf(field))).toList();
    }

    int count(String name) {
        return getFields(name).size();
    }

    /** Every field name, lower case, once each, in the order they first appear. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (String field : fields) {
            String name = nameOf(field);
            if (name != null) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** The name before the colon, without the white space RFC 5322's obsolete syntax allows before it. */
    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return colon <= 0 ? null : field.substring(0, colon).stripTrailing();
    }
}
