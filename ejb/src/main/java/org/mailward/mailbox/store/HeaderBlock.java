package org.mailward.mailbox.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header block at the start of a message (RFC 5322 section 2.2), read up to the empty line
 * and unfolded, without parsing the fields' contents. Bytes are read as UTF-8 (RFC 6532), with
 * malformed input replaced. Reading stops at {@link #MAX_BYTES}: a longer header block is cut.
 */
public final class HeaderBlock {

    public static final int MAX_BYTES = 256 * 1024;

    /** One field: its name as written and its unfolded value without the leading space. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields;

    private HeaderBlock(List<Field> fields) {
        this.fields = fields;
    }

    /** Reads the fields; it reads ahead, so the stream is of no further use afterwards. */
    public static HeaderBlock read(InputStream stream) throws IOException {
        InputStream message = stream instanceof BufferedInputStream || stream instanceof ByteArrayInputStream
                ? stream : new BufferedInputStream(stream, 8192);
        List<Field> fields = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        String name = null;
        StringBuilder value = new StringBuilder();
        int read = 0;
        boolean end = false;
        while (!end) {
            int b = read < MAX_BYTES ? message.read() : -1;
            if (b != -1) {
                read++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
            } else if (line.size() == 0 || read >= MAX_BYTES) {
                break;
            } else {
                end = true; // a last line without its line end (a message of headers only) still counts
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                break; // the end of the header block
            }
            if ((text.charAt(0) == ' ' || text.charAt(0) == '\t') && name != null) {
                value.append(' ').append(text.strip());
                continue;
            }
            if (name != null) {
                fields.add(new Field(name, value.toString()));
            }
            int colon = text.indexOf(':');
            name = colon > 0 ? text.substring(0, colon).strip() : null;
            value.setLength(0);
            if (name != null) {
                value.append(text.substring(colon + 1).strip());
            }
        }
        if (name != null) {
            fields.add(new Field(name, value.toString()));
        }
        return new HeaderBlock(fields);
    }

    public List<Field> fields() {
        return List.copyOf(fields);
    }

    /** The first field of that name (case-insensitive), or {@code null}. */
    public String first(String name) {
        return fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).findFirst().orElse(null);
    }

    /** Every field of that name joined by {@code ", "} (for address fields given more than once), or {@code null}. */
    public String joined(String name) {
        List<String> values = fields.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).toList();
        return values.isEmpty() ? null : String.join(", ", values);
    }

    public int count(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return (int) fields.stream().filter(field -> field.name().toLowerCase(Locale.ROOT).equals(wanted)).count();
    }
}
